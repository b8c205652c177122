// The wall display's connection to the server. blazor.web.js retries on its own for as long as the page is open
// (js/reconnect.js) and reports each state on #components-reconnect-modal; this module says since when the wall has
// been cut off (in the organisation's zone, written by the browser because the server cannot while the circuit is
// down), keeps trying should blazor.web.js ever give up, and reloads when the server no longer knows the circuit.
// Nobody has to click.
const retryEveryMs = 10_000;

let since = null;
let timer = null;

function clock(zone, at) {
    try {
        return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(at);
    } catch {
        return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
    }
}

function say(dialog, text) {
    const target = dialog.querySelector(".wall-connection-text");
    if (target) {
        target.textContent = text;
    }
}

function lost(dialog) {
    since ??= new Date();
    say(dialog, `Disconnected since ${clock(dialog.dataset.zone || "UTC", since)}, retrying`);
}

function back(dialog) {
    since = null;
    clearInterval(timer);
    timer = null;
    say(dialog, "");
}

// After blazor.web.js has used up its attempts: the same calls its reconnect dialog offers behind a button.
async function retry(dialog) {
    try {
        if (await Blazor.reconnect()) {
            return;
        }
        if (!(await Blazor.resumeCircuit())) {
            location.reload();
        }
    } catch {
        lost(dialog); // still unreachable: the next tick tries again
    }
}

export function watchConnection() {
    const dialog = document.getElementById("components-reconnect-modal");
    if (!dialog || dialog.dataset.watched) {
        return;
    }
    dialog.dataset.watched = "1";
    dialog.addEventListener("components-reconnect-state-changed", (event) => {
        switch (event.detail.state) {
            case "show":
            case "retrying":
            case "paused":
                lost(dialog);
                break;
            case "failed":
            case "resume-failed":
                lost(dialog);
                timer ??= setInterval(() => retry(dialog), retryEveryMs);
                break;
            case "rejected":
                // The server is back but has let the circuit go: a fresh page is a fresh circuit.
                location.reload();
                break;
            case "hide":
                back(dialog);
                break;
        }
    });
}
