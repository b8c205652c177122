using Escalation.Domain.Messages;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Hl7v2;
using Escalation.Infrastructure.Persistence;
using Escalation.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Tests.Hl7v2;

/// <summary>A listener whose default unit names no unit: every result is answered AE, saying so, and nothing is recorded.</summary>
[Trait("Category", "Sqlite")]
public sealed class Hl7v2UnknownDefaultUnitTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private AppHost _app = default!;
    private int _port;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _port = FreePort.Next();
        _app = new AppHost(_database.Options, settings: new Dictionary<string, string?>
        {
            ["Hl7v2:Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hl7v2:Address"] = "127.0.0.1",
            ["Hl7v2:DefaultUnitCode"] = "NOSUCHUNIT",
        }).Start();
        await _app.Services.GetRequiredService<MllpListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ACriticalResult_IsAnsweredAE_NamingTheSetting_AndNothingIsRecorded()
    {
        await using var lis = await LisClient.ConnectAsync(_port);

        var ack = await lis.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"));

        Assert.Equal("AE", ack.Segments[1].Value(1));
        Assert.Contains("Hl7v2:DefaultUnitCode 'NOSUCHUNIT'", ack.Segments.Single(s => s.Name == "ERR").Value(8), StringComparison.Ordinal);
        await using var db = _database.NewContext();
        Assert.Equal(0, await db.Messages.CountAsync(m => m.Source == MessageSource.Ehr));
        Assert.Equal(0, await db.Set<LabResultRecord>().CountAsync());
    }
}
