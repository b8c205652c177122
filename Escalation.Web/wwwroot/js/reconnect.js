// Blazor starts here, not by itself (App.razor: autostart="false"), for one reason: a page whose server went away
// must come back without anyone touching it. When a node dies the balancer sends the reconnect to a survivor, which
// does not know the circuit; blazor.web.js then reloads the page (a new circuit with current data). But it gives up
// after 30 attempts (about six minutes without any server) and then waits for a click on "Retry" that nobody at a
// wall-mounted board will make. So: keep trying for as long as the page is open, every 10 s after the first minute.
Blazor.start({
    circuit: {
        reconnectionOptions: {
            maxRetries: Infinity,
            retryIntervalMilliseconds: (attempt) => (attempt < 10 ? 0 : attempt < 20 ? 5000 : 10000),
        },
    },
});
