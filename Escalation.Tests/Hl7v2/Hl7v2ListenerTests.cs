using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>
/// The demo app on a real database with its HL7 v2 listener on a free 127.0.0.1 port, driven by a laboratory system's
/// end of a real TCP connection (<see cref="LisClient"/>). The app's clock is the test clock: the idle timeout is
/// reached by moving it. Each subclass runs the intake scenarios on one provider.
/// </summary>
public abstract class Hl7v2ListenerHarness(DatabaseProvider provider) : IAsyncLifetime
{
    protected const string Source = "riverside-lis";
    protected static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private Hl7v2App _hl7 = default!;

    protected TestDatabase Database => _hl7.Database;

    protected AppHost App => _hl7.App;

    protected int Port => _hl7.Port;

    public async Task InitializeAsync() => _hl7 = await Hl7v2App.StartAsync(provider, new Dictionary<string, string?>
    {
        ["Hl7v2:SourceName"] = Source,
        ["Hl7v2:TimeZone"] = "America/New_York",
        ["Hl7v2:IdleTimeout"] = IdleTimeout.ToString(),
    });

    public async Task DisposeAsync() => await _hl7.DisposeAsync();

    protected async Task<List<Message>> LabMessagesAsync()
    {
        await using var db = Database.NewContext();
        return await db.Messages.AsNoTracking().Include(m => m.Deliveries).Where(m => m.Source == MessageSource.Ehr).OrderBy(m => m.CreatedAt).ToListAsync();
    }

    protected async Task<List<string>> AuditKindsAsync()
    {
        await using var db = Database.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Kind.StartsWith("Hl7v2")).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
    }

    protected static (string Code, string ControlId, string Text) Msa(Hl7Message ack)
    {
        var msa = ack.Segments.Single(s => s.Name == "MSA");
        return (msa.Value(1), msa.Value(2), msa.Value(3));
    }

    protected static string Change(string message, string from, string to)
    {
        Assert.Contains(from, message, StringComparison.Ordinal);
        return message.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CriticalPotassium_ReachesTheNursesInbox_AndTheSenderGetsAA()
    {
        await using var lis = await LisClient.ConnectAsync(Port);

        var ack = await lis.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"));

        Assert.Equal(("AA", "LAB000101"), (Msa(ack).Code, Msa(ack).ControlId));
        Assert.Equal(("ACK", "R01", "2.5.1"), (ack.MessageType, ack.TriggerEvent, ack.Version));
        var message = Assert.Single(await LabMessagesAsync());
        Assert.Equal((Tier.Critical, 1), (message.Tier, message.CurrentLayer));
        Assert.Equal("Critical lab result: Potassium [Moles/volume] in Serum or Plasma", message.Subject);
        Assert.Equal($"hl7v2:{Source}/OBX/LAB9001/2823-3/LAB000101", message.ExternalId);
        await using var db = Database.NewContext();
        Assert.Equal("ED", (await db.Units.SingleAsync(u => u.Id == message.UnitId)).Code);
        var nurse = await db.Users.Where(u => u.Email == "nurse@demo.local").Select(u => u.Id).SingleAsync();
        var inbox = await App.Services.GetRequiredService<InboxQueries>().InboxAsync(nurse);
        Assert.Contains(inbox, i => i.Id == message.Id.Value && i.Tier == Tier.Critical && i.IAmCurrentRecipient);
        var record = await db.Set<LabResultRecord>().AsNoTracking().SingleAsync();
        Assert.Equal((Source, "OBX/LAB9001/2823-3", "LAB000101", LabResultOutcome.Sent), (record.SourceName, record.Resource, record.VersionId, record.Outcome));
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Kind == Hl7ResultIntake.TakenKind);
        Assert.Equal((Source, message.Id.Value), (audit.Actor, audit.MessageId));
        Assert.DoesNotContain("Testpatient", audit.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN-48213", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NormalResult_GetsAA_AndCreatesNothing()
    {
        await using var lis = await LisClient.ConnectAsync(Port);

        var ack = await lis.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7"));

        Assert.Equal(("AA", "LAB000102"), (Msa(ack).Code, Msa(ack).ControlId));
        Assert.Empty(await LabMessagesAsync());
        Assert.Equal([Hl7ResultIntake.TakenKind], await AuditKindsAsync());
    }

    [Fact]
    public async Task SameControlIdTwice_CreatesNothingNew_AndIsAcknowledgedBothTimes()
    {
        await using var lis = await LisClient.ConnectAsync(Port);
        var message = Hl7v2Corpus.Text("v23-sunquest-bmp-local-codes.hl7");

        var first = await lis.SendAsync(message);
        App.Clock.Advance(TimeSpan.FromSeconds(5)); // less than the idle timeout: the connection stays
        var again = await lis.SendAsync(message);

        Assert.Equal(("AA", "AA"), (Msa(first).Code, Msa(again).Code));
        Assert.Equal("7 result(s), 1 message(s) created", Msa(first).Text);
        Assert.Equal("7 result(s), 0 message(s) created, 7 already received", Msa(again).Text);
        var only = Assert.Single(await LabMessagesAsync());
        Assert.Equal("Critical lab result: POTASSIUM", only.Subject);
        await using var db = Database.NewContext();
        Assert.Equal(7, await db.Set<LabResultRecord>().CountAsync());
    }

    [Fact]
    public async Task CorrectedResult_ThatIsWorse_PagesAgain_AndOneThatIsNot_IsNotedOnly()
    {
        await using var lis = await LisClient.ConnectAsync(Port);
        var corrected = Hl7v2Corpus.Text("v231-corrected-potassium.hl7");
        // The corrected message names the order as the first did, in its own (v2.3.1) way.
        Assert.Equal("AA", Msa(await lis.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"))).Code);
        App.Clock.Advance(TimeSpan.FromSeconds(5));

        var worse = await lis.SendAsync(corrected);
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        var notWorse = await lis.SendAsync(Change(Change(corrected, "LAB000103", "LAB000104"), "||7.4|", "||6.9|"));

        Assert.Equal(("AA", "AA"), (Msa(worse).Code, Msa(notWorse).Code));
        var messages = await LabMessagesAsync();
        Assert.Equal(2, messages.Count);
        Assert.Equal("Amended: Critical lab result: Potassium", messages[1].Subject);
        await using var db = Database.NewContext();
        var outcomes = await db.Set<LabResultRecord>().AsNoTracking().OrderBy(r => r.ReceivedAt).Select(r => new { r.VersionId, r.Status, r.Outcome }).ToListAsync();
        Assert.Equal(
            [("LAB000101", "final", LabResultOutcome.Sent), ("LAB000103", "corrected", LabResultOutcome.AmendedWorse), ("LAB000104", "corrected", LabResultOutcome.AmendedNotWorse)],
            outcomes.Select(o => (o.VersionId!, o.Status, o.Outcome)));
    }
}

[Trait("Category", "Sqlite")]
public sealed class Hl7v2ListenerTests() : Hl7v2ListenerHarness(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task MalformedMessages_GetAEOrAR_WithTheReason_AndCreateNothing()
    {
        await using var lis = await LisClient.ConnectAsync(Port);
        var hh = Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7");

        var adt = await lis.SendAsync(Hl7v2Corpus.Text("v25-adt-a01.hl7"));
        var version = await lis.SendAsync(Change(hh, "|P|2.5.1|", "|P|2.6|"));
        var training = await lis.SendAsync(Change(hh, "|P|2.5.1|", "|T|2.5.1|"));
        var noControlId = await lis.SendAsync(Change(hh, "|LAB000101|", "||"));
        var notANumber = await lis.SendAsync(Change(hh, "||6.8|", "||6,8|"));
        var noStatus = await lis.SendAsync(Change(hh, "|HH|||F|", "|HH||||"));
        var pending = await lis.SendAsync(Change(hh, "|HH|||F|", "|HH|||I|"));
        var garbage = await lis.SendAsync("this is not HL7 at all");

        Assert.Equal(["AR", "AR", "AR", "AR", "AE", "AE", "AE", "AR"], new[] { adt, version, training, noControlId, notANumber, noStatus, pending, garbage }.Select(a => Msa(a).Code));
        Assert.Equal("ADT5550001", Msa(adt).ControlId);
        Assert.StartsWith("Only ORU^R01 (unsolicited observation results) is taken here, not ADT^A01", Msa(adt).Text, StringComparison.Ordinal);
        Assert.Equal(("MSH", "1", "9", "200"), Err(adt));
        Assert.Equal(("MSH", "1", "12", "203"), Err(version));
        Assert.Equal(("MSH", "1", "11", "202"), Err(training));
        Assert.Equal(("MSH", "1", "10", "101"), Err(noControlId));
        Assert.Equal(("OBX", "7", "5", "102"), Err(notANumber));
        Assert.Equal(("OBX", "7", "11", "101"), Err(noStatus));
        Assert.Equal(("OBX", "7", "11", "103"), Err(pending));
        Assert.Contains("can be neither paged nor set aside", pending.Segments.Single(s => s.Name == "ERR").Value(8), StringComparison.Ordinal);
        Assert.Equal(("MSH", "1", "", "101"), Err(garbage));
        Assert.Empty(await LabMessagesAsync());
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.Set<LabResultRecord>().CountAsync());
        Assert.Equal(Enumerable.Repeat(Hl7ResultIntake.RefusedKind, 8), await AuditKindsAsync());
    }

    [Fact]
    public async Task AFrameSplitAcrossReads_AndTwoFramesInOneRead_BothWork()
    {
        await using var lis = await LisClient.ConnectAsync(Port);
        await using var other = await LisClient.ConnectAsync(Port);
        var frame = Hl7v2Corpus.Frame(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"));

        // Three writes, each followed by a whole round trip on another connection: the listener has read each
        // piece on its own before the next is sent.
        foreach (var piece in new[] { frame[..10], frame[10..^1], frame[^1..] })
        {
            await lis.WriteAsync(piece);
            Assert.Equal("AA", Msa(await other.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7"))).Code);
        }

        var split = await lis.ReadAckAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        var normal = Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7");
        await lis.WriteAsync([.. Hl7v2Corpus.Frame(Change(normal, "LAB000102", "LAB000201")), .. Hl7v2Corpus.Frame(Hl7v2Corpus.Lf("v23-sunquest-bmp-local-codes.hl7"))]);
        var firstOfTwo = await lis.ReadAckAsync();
        var secondOfTwo = await lis.ReadAckAsync();

        Assert.Equal(("AA", "LAB000101"), (Msa(split).Code, Msa(split).ControlId));
        Assert.Equal([("AA", "LAB000201"), ("AA", "SQ20061102001")], new[] { firstOfTwo, secondOfTwo }.Select(a => (Msa(a).Code, Msa(a).ControlId)));
        Assert.Equal(["Critical lab result: Potassium [Moles/volume] in Serum or Plasma", "Critical lab result: POTASSIUM"], (await LabMessagesAsync()).Select(m => m.Subject));
    }

    [Fact]
    public async Task ASilentClient_IsDroppedAfterTheIdleTimeout_WhileAnotherIsServed()
    {
        await using var silent = await LisClient.ConnectAsync(Port);
        await using var talking = await LisClient.ConnectAsync(Port);

        Assert.Equal("AA", Msa(await talking.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7"))).Code);
        Assert.False(await silent.ClosedByListenerAsync(TimeSpan.FromMilliseconds(200)));
        App.Clock.Advance(IdleTimeout + TimeSpan.FromSeconds(1));

        Assert.True(await silent.ClosedByListenerAsync(TimeSpan.FromSeconds(30)));
        await using var next = await LisClient.ConnectAsync(Port);
        Assert.Equal("AA", Msa(await next.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"))).Code);
    }

    [Fact]
    public async Task A10MbFrame_AFrameWithoutItsEnd_AndGarbage_NeverStopTheListenerOrAnotherConnection()
    {
        await using var flood = await LisClient.ConnectAsync(Port);
        await using var broken = await LisClient.ConnectAsync(Port);
        var hh = Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7");
        var huge = hh + "NTE|2||" + new string('x', 10 * 1024 * 1024) + "\r";

        var floodWrite = flood.WriteAsync(Hl7v2Corpus.Frame(huge));
        await broken.WriteAsync([.. Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"), MllpFrameReader.Start, .. Encoding.ASCII.GetBytes("MSH|^~\\&|LAB|cut off here")]);
        var afterBroken = await broken.SendAsync(Change(hh, "LAB000101", "LAB000301"));
        await floodWrite;
        var refused = await flood.ReadAckAsync();
        var afterFlood = await flood.SendAsync(Change(hh, "LAB000101", "LAB000302"));

        Assert.Equal(("AA", "LAB000301"), (Msa(afterBroken).Code, Msa(afterBroken).ControlId));
        Assert.Equal(("AR", "LAB000101"), (Msa(refused).Code, Msa(refused).ControlId));
        Assert.Contains("this listener takes at most 1048576", refused.Segments.Single(s => s.Name == "ERR").Value(8), StringComparison.Ordinal);
        Assert.Equal("AA", Msa(afterFlood).Code);
        // Both good ones name the same result: the second is a new version, not worse, so one message.
        Assert.Single(await LabMessagesAsync());
    }

    [Fact]
    public async Task TheOrderingProvider_RoutesTheResult_ByTheSourcesRoutingRule()
    {
        await using (var db = Database.NewContext())
        {
            var card = await db.Units.AsNoTracking().SingleAsync(u => u.Code == "CARD");
            var attending = await db.ClinicalRoles.AsNoTracking().FirstAsync(r => r.UnitId == card.Id && r.Kind == ClinicalRoleKind.Attending);
            await App.Services.GetRequiredService<FhirRoutingRules>().AddAsync(
                new FhirRoutingRuleRequest(Source, "PractitionerRole", null, "RIVERSIDE", "D1234", card.Id.Value, attending.Id.Value), "test-admin");
        }

        await using var lis = await LisClient.ConnectAsync(Port);
        var routed = await lis.SendAsync(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"));
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        var unrouted = await lis.SendAsync(Change(Change(Hl7v2Corpus.Text("v251-elr-potassium-hh.hl7"), "LAB000101", "LAB000401"), "LAB9001^", "LAB9009^").Replace("D1234^", "D9999^", StringComparison.Ordinal));
        // Another order from another ordering provider, whom no rule names: the source's default unit.

        Assert.Equal(("AA", "AA"), (Msa(routed).Code, Msa(unrouted).Code));
        await using var check = Database.NewContext();
        var units = await check.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code);
        Assert.Equal(["CARD", "ED"], (await LabMessagesAsync()).Select(m => units[m.UnitId]));
    }

    private static (string Segment, string Sequence, string Field, string Code) Err(Hl7Message ack)
    {
        var err = ack.Segments.Single(s => s.Name == "ERR");
        return (err.Value(2, 1), err.Value(2, 2), err.Value(2, 3), err.Value(3, 1));
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresHl7v2ListenerTests() : Hl7v2ListenerHarness(DatabaseProvider.Postgres);
