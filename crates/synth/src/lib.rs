//! corroborate-synth (in progress)
