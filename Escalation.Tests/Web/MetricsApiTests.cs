using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Escalation.Infrastructure.Persistence;
using Escalation.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Tests.Web;

/// <summary>Who may read GET /api/metrics, and what bad input gets.</summary>
[Trait("Category", "Sqlite")]
public sealed class MetricsApiTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private AppHost _app = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = new AppHost(_database.Options).Start();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_AreForAdministratorsComplianceAndACharge_NursesOwnUnit()
    {
        using var compliance = await HttpClients.SignedInAsync(_app, "compliance@demo.local");
        using var charge = await HttpClients.SignedInAsync(_app, "charge@demo.local");
        using var nurse = await HttpClients.SignedInAsync(_app, "nurse@demo.local");
        await using var db = _database.NewContext();
        var cardiology = (await db.Units.SingleAsync(u => u.Code == "CARD")).Id.Value;

        var all = await compliance.GetFromJsonAsync<JsonElement>("/api/metrics");

        Assert.Equal(3, all.GetProperty("byTier").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await charge.GetAsync("/api/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await charge.GetAsync($"/api/metrics?unitId={cardiology}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/api/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await compliance.GetAsync("/api/metrics?tier=Purple")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await compliance.GetAsync("/api/metrics?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")).StatusCode);
    }
}
