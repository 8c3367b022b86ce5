//! Story-level figures: the same amount across articles and currencies is one figure.
//!
//! Money is compared in US dollars. Rates come first from the story itself (each bracketed
//! equivalent such as "€21 billion ($23.8 billion)" gives one), else from a fixed table of
//! April 2025 reference rates (EUR 1.13, GBP 1.31 USD per unit, ...; see the lexicon). Two
//! amounts in one currency agree when they differ by no more than half the step of the less
//! precise one ("$24bn" is 23.5–24.5bn, so "$23.8 billion" agrees).

use std::collections::BTreeMap;

use corroborate_core::{numbers, Cite, Document, Equivalent, Figure, FigureKind, FigureMention};

/// US dollars for an amount in an ISO 4217 currency, at the fixed reference rates.
pub fn to_usd(amount: f64, unit: &str) -> Option<f64> {
    numbers::usd_rate(unit).map(|rate| amount * rate)
}

/// One figure with the equivalents bracketed after it, in one article.
struct Bundle<'a> {
    doc: &'a Document,
    members: Vec<&'a FigureMention>,
}

impl Bundle<'_> {
    fn primary(&self) -> &FigureMention {
        self.members[0]
    }
}

/// Half the last written step of a figure: 0.05e9 for "$23.8 billion", 0.5e9 for "$24bn",
/// 0.5e6 for "two million dollars" (read by `corroborate_core::numbers`, as claims are).
fn half_step(doc: &Document, figure: &FigureMention) -> f64 {
    let Some(read) = numbers::parse(&doc.text[figure.span]) else {
        return figure.amount.abs() * 0.05;
    };
    if read.value() == 0.0 {
        return 0.5;
    }
    read.slack() * (figure.amount / read.value()).abs()
}

/// Rates (USD per unit) learned from bracketed equivalents in the story.
fn learn_rates(bundles: &[Bundle]) -> BTreeMap<String, f64> {
    let mut samples: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for bundle in bundles {
        let usd: Vec<&FigureMention> = bundle
            .members
            .iter()
            .copied()
            .filter(|m| m.unit.as_deref() == Some("USD"))
            .collect();
        for member in &bundle.members {
            let Some(unit) = member.unit.as_deref() else {
                continue;
            };
            if unit == "USD" || member.amount == 0.0 {
                continue;
            }
            for dollars in &usd {
                samples
                    .entry(unit.to_string())
                    .or_default()
                    .push(dollars.amount / member.amount);
            }
        }
    }
    samples
        .into_iter()
        .filter_map(|(unit, mut rates)| {
            rates.sort_by(f64::total_cmp);
            let median = *rates.get(rates.len() / 2)?;
            Some((unit, median))
        })
        .collect()
}

struct Rates(BTreeMap<String, f64>);

impl Rates {
    fn usd(&self, figure: &FigureMention) -> Option<f64> {
        let unit = figure.unit.as_deref()?;
        let rate = self
            .0
            .get(unit)
            .copied()
            .or_else(|| numbers::usd_rate(unit))?;
        Some(figure.amount * rate)
    }

    /// True when two money figures are close enough to be one figure, agreeing or not:
    /// within 6% of each other, in dollars across currencies.
    fn near(&self, a: &FigureMention, b: &FigureMention) -> bool {
        let (x, y) = if a.unit == b.unit {
            (a.amount, b.amount)
        } else {
            match (self.usd(a), self.usd(b)) {
                (Some(x), Some(y)) => (x, y),
                _ => return false,
            }
        };
        x > 0.0 && y > 0.0 && (x - y).abs() / x.max(y) <= 0.06
    }

    /// True when two money figures state the same amount: within rounding in one
    /// currency, within 6% in dollars across currencies.
    fn agree(&self, a: (&Document, &FigureMention), b: (&Document, &FigureMention)) -> bool {
        if a.1.unit == b.1.unit {
            let tolerance = half_step(a.0, a.1).max(half_step(b.0, b.1)) * 1.0001;
            return (a.1.amount - b.1.amount).abs() <= tolerance;
        }
        match (self.usd(a.1), self.usd(b.1)) {
            (Some(x), Some(y)) if x > 0.0 && y > 0.0 => (x - y).abs() / x.max(y) <= 0.06,
            _ => false,
        }
    }
}

/// Merges the figure layers of a story's articles into story figures.
pub fn merge_figures(docs: &[&Document]) -> Vec<Figure> {
    let mut bundles: Vec<Bundle> = Vec::new();
    for doc in docs {
        let Some(figures) = &doc.layers.figures else {
            continue;
        };
        for (i, figure) in figures.iter().enumerate() {
            if figure.equivalent_of.is_some() {
                continue;
            }
            let mut members = vec![figure];
            members.extend(figures.iter().filter(|f| f.equivalent_of == Some(i)));
            bundles.push(Bundle { doc, members });
        }
    }
    let rates = Rates(learn_rates(&bundles));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (b, bundle) in bundles.iter().enumerate() {
        let found = groups.iter().position(|group| {
            group
                .iter()
                .any(|&o| same_figure(&rates, bundle, &bundles[o]))
        });
        match found {
            Some(g) => groups[g].push(b),
            None => groups.push(vec![b]),
        }
    }
    groups
        .iter()
        .enumerate()
        .map(|(i, group)| build(i, group, &bundles, &rates))
        .collect()
}

fn same_figure(rates: &Rates, a: &Bundle, b: &Bundle) -> bool {
    let (pa, pb) = (a.primary(), b.primary());
    if pa.kind != pb.kind {
        return false;
    }
    if pa.kind == FigureKind::Money {
        return a.members.iter().any(|x| {
            b.members
                .iter()
                .any(|y| x.unit == y.unit && rates.near(x, y))
        }) || rates.near(pa, pb);
    }
    let unit = |f: &FigureMention| {
        f.unit
            .as_deref()
            .map(corroborate_core::lexicon::counted_noun)
    };
    unit(pa) == unit(pb)
        && same(pa.amount, pb.amount)
        && pa.amount_to.map_or(pb.amount_to.is_none(), |x| {
            pb.amount_to.is_some_and(|y| same(x, y))
        })
}

/// One value read twice ("1.1 thousand" and "1,100"), not two values that happen to be near.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn build(i: usize, group: &[usize], bundles: &[Bundle], rates: &Rates) -> Figure {
    let first = &bundles[group[0]];
    let primary = first.primary();
    let mut equivalents: Vec<Equivalent> = Vec::new();
    let mut sources = Vec::new();
    let mut all: Vec<(&Document, &FigureMention)> = Vec::new();
    for &b in group {
        let bundle = &bundles[b];
        for member in &bundle.members {
            sources.push(Cite::new(&bundle.doc.id, member.span));
            all.push((bundle.doc, member));
            let same_as_primary = member.unit == primary.unit && member.amount == primary.amount;
            let known = equivalents
                .iter()
                .any(|e| e.unit == member.unit && e.amount == member.amount);
            if !same_as_primary && !known {
                equivalents.push(Equivalent {
                    amount: member.amount,
                    unit: member.unit.clone(),
                    text: bundle.doc.text[member.span].to_string(),
                });
            }
        }
    }
    // consistent when every pair in one currency agrees within rounding, and every pair
    // across currencies within the rate tolerance
    let consistent = primary.kind != FigureKind::Money
        || all
            .iter()
            .enumerate()
            .all(|(k, a)| all[k + 1..].iter().all(|b| rates.agree(*a, *b)));
    Figure {
        id: format!("f{}", i + 1),
        kind: primary.kind,
        amount: primary.amount,
        unit: primary.unit.clone(),
        text: first.doc.text[primary.span].to_string(),
        equivalents,
        sources,
        consistent,
    }
}
