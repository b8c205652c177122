using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Telemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Escalation.Tests.Telemetry;

/// <summary>
/// The app with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local receiver: a message taken in over HTTP on the Drill
/// ladder, its layer-2 step taken by the due-step job on the test clock, its pages sent. The receiver sees the lateness
/// histogram, one trace from the intake through the step to the page, and nothing of the patient data it was sent.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class OtlpExportTests : AppTest
{
    private const string PatientName = "Zebediah Quartermain";
    private const string PatientRef = "MRN 7781234";
    private const string Body = "K+ 6.9 mmol/L for Zebediah Quartermain, bed 12";
    private readonly OtlpReceiver _receiver = new();

    protected override Task<AppHost> CreateAppAsync(DatabaseOptions database) =>
        Task.FromResult(new AppHost(database, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Endpoint,
            // Every log line the app writes, not only warnings: each is scanned for patient data.
            ["Logging:LogLevel:Default"] = "Information",
        }));

    [Fact]
    public async Task IntakeToPage_IsOneTrace_TheLatenessHistogramArrives_AndNoPatientDataLeaves()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var ed = await HttpClients.UnitIdAsync(admin, "ED");
        var drill = (await admin.GetFromJsonAsync<JsonElement>("/api/ladders")).EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == "Drill (fast)").GetProperty("familyId").GetGuid();
        var subject = $"Potassium {PatientName}";
        var response = await admin.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject, body = Body, patientRef = PatientRef, unitId = ed, ladderId = drill, source = "Drill" });
        response.EnsureSuccessStatusCode();
        var id = new MessageId((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        // Layer 1's 5 s run out on the test clock and the due-step job takes the step; then the outbox is sent.
        App.Clock.Advance(TimeSpan.FromSeconds(6));
        await Eventually.UntilAsync(async () =>
        {
            await using var db = Database.NewContext();
            return await db.Messages.Where(m => m.Id == id).Select(m => m.CurrentLayer).SingleAsync();
        }, layer => layer == 2, TimeSpan.FromSeconds(30));
        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        await using (var db = Database.NewContext())
        {
            Assert.True(await db.Outbox.AnyAsync(o => o.MessageId == id && o.SentAt != null));
        }

        var onPage = await App.Services.GetRequiredService<OperationsFigures>().RefreshAsync();
        Assert.True(EscalationTelemetry.Tallies().StepsTaken >= 1);

        // Flushed explicitly, all three signals (the batch exporters would send within seconds, but the logs' last batch
        // was not always out before the app stopped), then stopped: what the receiver has now is all it will get.
        Assert.True(App.Services.GetRequiredService<TracerProvider>().ForceFlush(15_000));
        Assert.True(App.Services.GetRequiredService<MeterProvider>().ForceFlush(15_000));
        Assert.True(App.Services.GetRequiredService<LoggerProvider>().ForceFlush(15_000));
        await App.DisposeAsync();

        var spans = _receiver.Spans();
        var trace = EscalationTelemetry.MessageTrace(id).TraceId;
        var traceBytes = new byte[16];
        trace.CopyTo(traceBytes);
        var inTrace = spans.Where(s => s.TraceId.AsSpan().SequenceEqual(traceBytes)).Select(s => s.Name).ToList();
        Assert.Contains("escalation.intake", inTrace);
        Assert.Contains("escalation.step", inTrace);
        Assert.Contains("escalation.page", inTrace);
        // The HTTP request that brought the message in is exported too (linked from the intake span).
        Assert.Contains(spans, s => s.Name.StartsWith("POST", StringComparison.Ordinal));

        Assert.Contains(_receiver.Bodies("/v1/metrics"), b => Contains(b, "escalation.step.lateness"));
        Assert.Contains(_receiver.Bodies("/v1/metrics"), b => Contains(b, "escalation.pages.sent"));
        Assert.Contains(_receiver.Bodies("/v1/metrics"), b => Contains(b, "escalation.outbox.depth"));
        Assert.NotEmpty(_receiver.Bodies("/v1/logs"));

        foreach (var (path, body) in _receiver.Received)
        {
            foreach (var secret in new[] { "Zebediah", "Quartermain", PatientRef, "7781234", "6.9 mmol", subject })
            {
                Assert.False(Contains(body, secret), $"{path} carried \"{secret}\"");
            }
        }

        Assert.True(onPage.OutboxDepth >= 0);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _receiver.Dispose();
    }
}
