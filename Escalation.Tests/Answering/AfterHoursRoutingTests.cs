using System.Globalization;
using Escalation.Infrastructure.Answering;
using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Answering;

/// <summary>
/// An answering-service call within office hours starts the ladder as usual; outside them (default Mon-Fri
/// 08:00-18:00, America/New_York) it goes to the on-call physician. The clock starts Monday 2 Nov 2026, 09:00 local.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class AfterHoursRoutingTests : IAsyncLifetime
{
    private EngineHarness _harness = default!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.CreateAsync(DatabaseProvider.Sqlite);
        await _harness.AssignAsync("oncall", ClinicalRoleKind.OnCallPhysician);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("2026-11-02T09:00:00", false)] // Monday morning
    [InlineData("2026-11-02T17:59:59", false)] // Monday, last second of the day
    [InlineData("2026-11-02T18:00:00", true)]  // Monday, closing instant
    [InlineData("2026-11-03T07:59:59", true)]  // Tuesday, a second before opening
    [InlineData("2026-11-03T08:00:00", false)] // Tuesday, opening instant
    [InlineData("2026-11-06T17:59:59", false)] // Friday, last second
    [InlineData("2026-11-06T18:00:00", true)]  // Friday evening
    [InlineData("2026-11-07T10:00:00", true)]  // Saturday morning
    [InlineData("2026-11-08T15:00:00", true)]  // Sunday afternoon
    [InlineData("2026-11-09T08:00:00", false)] // Monday after the weekend
    public async Task Call_StartsWithTheOnCallPhysician_OnlyOutsideOfficeHours(string local, bool afterHours)
    {
        MoveTo(local);

        var id = await SendCallAsync(Tier.Critical);

        var message = await _harness.LoadAsync(id);
        var first = Assert.Single(message.Deliveries, d => d.Layer == message.CurrentLayer);
        Assert.Equal(afterHours ? (3, "oncall") : (1, "nurse"), (message.CurrentLayer, first.RecipientId));
        await using var db = _harness.NewContext();
        var call = await db.Set<AnsweringServiceCall>().SingleAsync(c => c.MessageId == id);
        Assert.Equal(afterHours, call.AfterHours);
        var audit = await _harness.AuditAsync(id);
        Assert.Equal(["Created", "LayerStarted", "Delivered", AnsweringRouting.AuditKind], audit.Select(a => a.Kind));
        Assert.Contains(afterHours ? "outside office hours (Mon,Tue,Wed,Thu,Fri 08:00-18:00, America/New_York); after hours: the on-call physician, layer 3" : "within office hours", audit[^1].Detail);
    }

    [Fact]
    public async Task AfterHours_WithNobodyOnCall_StartsTheLadderAsUsual_AndSaysWhy()
    {
        await _harness.UnassignAllAsync(ClinicalRoleKind.OnCallPhysician);
        MoveTo("2026-11-07T10:00:00");

        var id = await SendCallAsync(Tier.Urgent);

        var message = await _harness.LoadAsync(id);
        Assert.Equal(1, message.CurrentLayer);
        Assert.Equal(["nurse"], message.RecipientIds);
        Assert.Contains("nobody holds the on-call physician role", (await _harness.AuditAsync(id))[^1].Detail);
    }

    [Fact]
    public async Task AfterHours_TheOnCallLayerTimesOut_AndTheLadderGoesOnToTheDepartmentHead()
    {
        MoveTo("2026-11-03T02:00:00");
        var id = await SendCallAsync(Tier.Critical);

        Assert.Equal(DeadlineOutcome.Escalated, await _harness.ReachDeadlineAsync(id));

        var message = await _harness.LoadAsync(id);
        Assert.Equal(4, message.CurrentLayer);
        Assert.Contains("head", message.RecipientIds);
    }

    [Fact]
    public async Task PracticeHours_AreTheUnitsOwn_WhenAnAdministratorSetThem()
    {
        await using (var db = _harness.NewContext())
        {
            // Saturday mornings too.
            db.Add(new PracticeSettings(_harness.Unit.Id, new OfficeHours([DayOfWeek.Saturday], new TimeOnly(9, 0), new TimeOnly(12, 0)), null, "admin", _harness.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        MoveTo("2026-11-07T10:00:00");
        var saturday = await SendCallAsync(Tier.Critical);
        MoveTo("2026-11-09T10:00:00");
        var monday = await SendCallAsync(Tier.Critical);

        Assert.Equal(1, (await _harness.LoadAsync(saturday)).CurrentLayer);
        Assert.Equal(3, (await _harness.LoadAsync(monday)).CurrentLayer);
    }

    [Fact]
    public async Task CallerDetails_AreStoredEncrypted()
    {
        var id = await SendCallAsync(Tier.Routine);

        await using var db = _harness.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "CallerName" || "CallbackNumber" || "Reason" FROM "AnsweringServiceCalls" """;
        var raw = (string)(await command.ExecuteScalarAsync())!;
        Assert.DoesNotContain("Jane Roe", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("5550199", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("chest pain", raw, StringComparison.Ordinal);
        var call = await db.Set<AnsweringServiceCall>().SingleAsync(c => c.MessageId == id);
        Assert.Equal(("Jane Roe", "+15555550199"), (_harness.Protector.Unprotect(call.CallerName), _harness.Protector.Unprotect(call.CallbackNumber)));
    }

    private void MoveTo(string local)
    {
        var wall = DateTime.Parse(local, CultureInfo.InvariantCulture);
        var target = new DateTimeOffset(wall, Zones.NewYork.GetUtcOffset(wall));
        _harness.Clock.Advance(target - _harness.Clock.GetUtcNow());
    }

    private async Task<MessageId> SendCallAsync(Tier tier)
    {
        var result = await _harness.Engine.SendAsync(
            new SendMessage(tier, "Answering service call", "", null, _harness.Unit.Id.Value, null, null, MessageSource.AnsweringService, null,
                Call: new AnsweringCall("Jane Roe", "+15555550199", "chest pain since this morning", tier)),
            "apikey:answering");
        return result.Id;
    }
}
