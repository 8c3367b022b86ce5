//! A throw-away PostgreSQL server for tests: `initdb` in a temporary folder, started on a free
//! loopback port, stopped and deleted when dropped. Uses Debian's server binaries
//! (`/usr/lib/postgresql/*/bin`); PostgreSQL refuses to run as root, so as root the cluster
//! is made and run as the unprivileged user `nobody` (through `runuser`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A running server; dropped, it is stopped and its folder removed.
#[derive(Debug)]
pub struct TempPostgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_nobody: bool,
}

/// The newest installed PostgreSQL server's `bin` folder.
pub fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .is_some_and(|uid| uid.trim() == "0")
}

impl TempPostgres {
    /// Starts a server, or says why it could not.
    pub fn start() -> Result<TempPostgres, String> {
        let bin = server_bin().ok_or("no PostgreSQL server in /usr/lib/postgresql/*/bin")?;
        let dir = std::env::temp_dir().join(format!(
            "corroborate-pg-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let as_nobody = is_root();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let server = TempPostgres {
            bin,
            dir,
            port,
            as_nobody,
        };
        if as_nobody {
            server.run(
                Command::new("chown")
                    .args(["-R", "nobody"])
                    .arg(&server.dir),
                false,
            )?;
        }
        let data = server.dir.join("data");
        server.run(
            server.tool("initdb").arg("-D").arg(&data).args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]),
            true,
        )?;
        server.start_again()?;
        Ok(server)
    }

    /// Starts the server again (after [`TempPostgres::kill`]), on the same port and data.
    /// No fsync (a process crash loses nothing, an OS crash would), but commits are
    /// synchronous: what a client was told is committed survives [`TempPostgres::kill`].
    pub fn start_again(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        self.run(
            self.tool("pg_ctl")
                .arg("-D")
                .arg(self.dir.join("data"))
                .args(["-o", &options, "-w", "-t", "60", "-l"])
                .arg(self.dir.join("log"))
                .arg("start"),
            true,
        )
    }

    fn tool(&self, name: &str) -> Command {
        let path = self.bin.join(name);
        if self.as_nobody {
            let mut command = Command::new("runuser");
            command.args(["-u", "nobody", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn run(&self, command: &mut Command, _as_server: bool) -> Result<(), String> {
        let output = command
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{command:?}: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{command:?} failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// The URL of the `postgres` database.
    pub fn url(&self) -> String {
        self.url_of("postgres")
    }

    /// The URL of database `name` on this server.
    pub fn url_of(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates an empty database and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        let mut client = postgres::Client::connect(&self.url(), postgres::NoTls)
            .map_err(|e| format!("connect: {e}"))?;
        client
            .batch_execute(&format!("CREATE DATABASE \"{}\"", name.replace('"', "")))
            .map_err(|e| format!("create database {name}: {e}"))?;
        Ok(self.url_of(name))
    }

    /// The server's folder (data, socket, log).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server now (`immediate`: no checkpoint), as a crash would.
    pub fn kill(&self) -> Result<(), String> {
        self.run(
            self.tool("pg_ctl")
                .arg("-D")
                .arg(self.dir.join("data"))
                .args(["-m", "immediate", "-w", "stop"]),
            true,
        )
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let _ = self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
