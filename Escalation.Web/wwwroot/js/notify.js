// Optional desktop notifications for the inbox. They carry no patient information: the tier and "open the inbox".
window.escalationNotify = {
    permission: () => ("Notification" in window) ? Notification.permission : "unsupported",
    enable: async () => ("Notification" in window) ? await Notification.requestPermission() : "unsupported",
    show: (title, body) => {
        if ("Notification" in window && Notification.permission === "granted") {
            new Notification(title, { body: body, tag: "escalation-inbox" });
        }
    },
};
