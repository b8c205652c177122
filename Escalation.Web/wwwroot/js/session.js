// Tells the server that a person is really using this page (keyboard, pointer, touch), at most twice a minute.
// Pushed live updates are not activity, so an unattended board still signs out after the idle timeout.
(() => {
    const reportEveryMs = 30_000;
    let lastReport = 0;
    let active = false;

    const markActive = () => { active = true; };
    for (const type of ["keydown", "pointerdown", "pointermove", "touchstart", "wheel"]) {
        window.addEventListener(type, markActive, { passive: true, capture: true });
    }

    async function report() {
        if (!active || Date.now() - lastReport < reportEveryMs) return;
        active = false;
        lastReport = Date.now();
        try {
            const response = await fetch("/api/session/activity", {
                method: "POST", credentials: "same-origin", cache: "no-store",
                // Cookie-authenticated writes need this header (ApiRequestGuard): a form on another site cannot send it.
                headers: { "X-Requested-With": "fetch" },
            });
            if (response.status === 401) {
                window.location.assign("/account/session-expired");
            }
        } catch {
            // Offline for a moment: the next activity reports again.
        }
    }

    if (!window.location.pathname.startsWith("/account/")) {
        setInterval(report, 5_000);
        window.addEventListener("pointerdown", report, { passive: true });
        window.addEventListener("keydown", report, { passive: true });
    }
})();
