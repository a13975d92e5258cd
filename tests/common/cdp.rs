//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (requests on fd 3,
//! replies on fd 4, each message JSON ended by NUL): enough to emulate print media or a phone
//! screen, evaluate an expression and take a screenshot, with nothing but std and libc.

use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::FromRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Browser {
    child: Child,
    to: File,
    from: BufReader<File>,
    next: u64,
    session: String,
    _profile: tempfile::TempDir,
}

fn pipe() -> (i32, i32) {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe(2) to fill.
    let rc = unsafe { libc::pipe(fds.as_mut_ptr()) };
    assert_eq!(rc, 0, "pipe failed");
    (fds[0], fds[1])
}

impl Browser {
    /// Start headless chromium with a fresh profile and attach to a new blank page.
    pub fn start(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (cmd_r, cmd_w) = pipe(); // we write commands, chromium reads fd 3
        let (ev_r, ev_w) = pipe(); // chromium writes fd 4, we read
        let mut c = Command::new(chromium);
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2, close) between fork and exec.
        unsafe {
            c.pre_exec(move || {
                // Move both ends above 4 first: a pipe end may itself be fd 3 or 4.
                let r = libc::fcntl(cmd_r, libc::F_DUPFD, 10);
                let w = libc::fcntl(ev_w, libc::F_DUPFD, 10);
                if r < 0 || w < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                for fd in [cmd_r, cmd_w, ev_r, ev_w] {
                    libc::close(fd);
                }
                // dup2 clears close-on-exec on the new descriptors.
                if libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(r);
                libc::close(w);
                Ok(())
            });
        }
        let child = c.spawn().unwrap();
        // SAFETY: the parent's ends are open descriptors owned from here on; the child's ends
        // are closed in the parent.
        let (to, from) = unsafe {
            libc::close(cmd_r);
            libc::close(ev_w);
            (File::from_raw_fd(cmd_w), File::from_raw_fd(ev_r))
        };
        let mut b = Browser {
            child,
            to,
            from: BufReader::new(from),
            next: 0,
            session: String::new(),
            _profile: profile,
        };
        let target = b.call("Target.createTarget", json!({"url": "about:blank"}), false);
        let id = target["targetId"].as_str().unwrap().to_string();
        let att = b.call("Target.attachToTarget", json!({"targetId": id, "flatten": true}), false);
        b.session = att["sessionId"].as_str().unwrap().to_string();
        b
    }

    /// Send one command (to the page's session when `page`) and wait for its result.
    pub fn call(&mut self, method: &str, params: Value, page: bool) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if page {
            msg["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < Duration::from_secs(90), "{method}: no reply in 90 s");
            let mut buf = Vec::new();
            let n = self.from.read_until(0, &mut buf).unwrap();
            assert!(n > 0, "chromium closed the pipe during {method}");
            buf.pop();
            let v: Value = serde_json::from_slice(&buf).unwrap();
            if v["id"].as_u64() == Some(id) {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true}),
            true,
        );
        assert!(r.get("exceptionDetails").is_none(), "{expr}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Load a local page and wait until it has loaded.
    pub fn open(&mut self, page: &Path) {
        self.call(
            "Page.navigate",
            json!({"url": format!("file://{}", page.display())}),
            true,
        );
        let start = Instant::now();
        while self.eval("document.readyState") != json!("complete") {
            assert!(start.elapsed() < Duration::from_secs(60), "page did not load");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A viewport of `width` CSS pixels (`mobile`: a phone's viewport rules).
    pub fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
            true,
        );
    }

    /// `print` or `screen` (`""` resets).
    pub fn media(&mut self, media: &str) {
        self.call("Emulation.setEmulatedMedia", json!({"media": media}), true);
    }

    pub fn scripts(&mut self, enabled: bool) {
        self.call("Emulation.setScriptExecutionDisabled", json!({"value": !enabled}), true);
    }

    /// A PNG of the page from the top: `width` × `height` CSS pixels at `scale` (beyond the
    /// viewport when taller).
    pub fn screenshot(&mut self, width: u32, height: u32, scale: f64) -> Vec<u8> {
        let r = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true,
                   "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": scale}}),
            true,
        );
        base64(r["data"].as_str().unwrap())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(val(c)) << (18 - 6 * i);
        }
        let k = chunk.len() - 1;
        out.extend_from_slice(&n.to_be_bytes()[1..=k]);
    }
    out
}
