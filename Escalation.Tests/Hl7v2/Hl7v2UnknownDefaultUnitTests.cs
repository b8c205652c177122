using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>A listener whose default unit names no unit: every result is answered AE, saying so, and nothing is recorded.</summary>
[Trait("Category", "Sqlite")]
public sealed class Hl7v2UnknownDefaultUnitTests() : Hl7v2Test(new Dictionary<string, string?>
{
    ["Hl7v2:DefaultUnitCode"] = "NOSUCHUNIT",
})
{
    [Fact]
    public async Task ACriticalResult_IsAnsweredAE_NamingTheSetting_AndNothingIsRecorded()
    {
        await using var lis = await LisClient.ConnectAsync(Hl7.Port);

        var ack = await lis.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"));

        Assert.Equal("AE", ack.Segments[1].Value(1));
        Assert.Contains("Hl7v2:DefaultUnitCode 'NOSUCHUNIT'", ack.Segments.Single(s => s.Name == "ERR").Value(8), StringComparison.Ordinal);
        await using var db = Hl7.Database.NewContext();
        Assert.Equal(0, await db.Messages.CountAsync(m => m.Source == MessageSource.Ehr));
        Assert.Equal(0, await db.Set<LabResultRecord>().CountAsync());
    }
}
