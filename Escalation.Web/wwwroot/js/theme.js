// The light or dark screen is a choice of this device (a nurses' station PC, a wall display), kept in its storage.
window.escalationTheme = {
    isDark: () => localStorage.getItem("escalation.dark") === "1",
    setDark: (dark) => localStorage.setItem("escalation.dark", dark ? "1" : "0"),
};
