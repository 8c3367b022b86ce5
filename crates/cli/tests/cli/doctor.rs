//! `corroborate doctor` through the binary.

use super::corroborate;

#[test]
fn doctor_names_what_is_missing_and_what_to_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let models = tmp.path().join("models");
    let output = corroborate()
        .arg("doctor")
        .env("CORROBORATE_MODEL_DIR", &models)
        .env("XDG_CACHE_HOME", tmp.path())
        .output()
        .expect("run corroborate");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let line = |label: &str| {
        stdout
            .lines()
            .find(|line| line.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line:\n{stdout}"))
            .to_string()
    };
    assert_eq!(
        line("model folder"),
        format!(
            "model folder   {} (CORROBORATE_MODEL_DIR)",
            models.display()
        )
    );
    assert_eq!(
        line("model files"),
        "model files    missing (model.safetensors, tokenizer.json, config.json)"
    );
    assert_eq!(line("encoder"), "encoder        lexical (512 dimensions)");
    assert_eq!(
        line("vector cache"),
        format!(
            "vector cache   {} (not created yet; made on the first analysis)",
            tmp.path().join("corroborate/vectors").display()
        )
    );
    assert!(
        stdout.contains("the model is not installed: run `corroborate models install`"),
        "{stdout}"
    );
    // the multilingual model is optional: named, with what installs it, and no problem
    assert_eq!(
        line("multilingual"),
        "multilingual   not installed (optional, for stories across languages: `corroborate models install --multilingual`)"
    );
    assert!(
        !stdout.contains("multilingual model is damaged"),
        "{stdout}"
    );
}

#[test]
fn doctor_is_content_with_an_installed_model() {
    let Some(model) = super::installed_model() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let output = corroborate()
        .args(["doctor", "--model-dir"])
        .arg(&model)
        .env("XDG_CACHE_HOME", tmp.path())
        .output()
        .expect("run corroborate");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("model files    present, checksum ok"),
        "{stdout}"
    );
    let encoder = stdout
        .lines()
        .find(|line| line.starts_with("encoder"))
        .expect("encoder line");
    assert!(
        encoder.starts_with("encoder        all-MiniLM-L6-v2-")
            && encoder.ends_with("int8 (384 dimensions)"),
        "{encoder}"
    );
    assert!(
        stdout
            .lines()
            .any(|line| line.starts_with("arithmetic     fast:")),
        "{stdout}"
    );
    assert!(stdout.ends_with("all good\n"), "{stdout}");
}
