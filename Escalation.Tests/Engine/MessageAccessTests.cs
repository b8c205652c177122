using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Tests.Engine;

/// <summary>
/// The engine's own authorization: whoever calls it (a page, an endpoint, a phone key press) gets the same answer,
/// because the rule is applied inside the step, on the message as the step reads it.
/// </summary>
public abstract class MessageAccessTests(DatabaseProvider provider) : EngineTest(provider)
{
    private Unit _otherUnit = default!;

    protected override async Task StartedAsync()
    {
        _otherUnit = new Unit("MED", "Medical Ward", "America/New_York");
        _otherUnit.AddStandardRoles();
        await using var db = Harness.NewContext();
        db.Units.Add(_otherUnit);
        await db.SaveChangesAsync();
        await AddPersonAsync("auditor", PersonaRole.Compliance, null);
        await AddPersonAsync("admin", PersonaRole.Administrator, null);
        await AddPersonAsync("medic", PersonaRole.Clinician, _otherUnit.Id);
        await AddPersonAsync("leaver", PersonaRole.Clinician, Harness.Unit.Id, active: false);
        await AddPersonAsync("locum", PersonaRole.Clinician, _otherUnit.Id);
    }

    private Caller Charge => Callers.ChargeNurse("charge", Harness.Unit.Id);

    [Fact]
    public async Task Acknowledge_BySomebodyWhoCannotSeeTheMessage_IsNotFound_AndByAnotherUnitsChargeNurse_Too()
    {
        var id = await Harness.SendAsync(Tier.Critical);

        var stranger = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("doctor"));
        var otherCharge = await Harness.Engine.AcknowledgeAsync(id, Callers.ChargeNurse("medic", _otherUnit.Id));

        Assert.Equal("not-found", stranger.Code);
        Assert.Equal("not-found", otherCharge.Code);
        Assert.Equal(MessageState.Open, (await Harness.LoadAsync(id)).State);
    }

    [Fact]
    public async Task Close_IsForTheSamePeopleAsAcknowledge_NotForAnyoneWhoAsks()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        Assert.True((await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("nurse"))).Succeeded);

        var stranger = await Harness.Engine.CloseAsync(id, Callers.Clinician("doctor"), CloseOutcome.NoActionNeeded, null);
        var auditor = await Harness.Engine.CloseAsync(id, Callers.Compliance("auditor"), CloseOutcome.NoActionNeeded, null);
        var charge = await Harness.Engine.CloseAsync(id, Charge, CloseOutcome.ActionTaken, "done");

        Assert.Equal("not-found", stranger.Code);
        Assert.Equal("read-only", auditor.Code);
        Assert.True(charge.Succeeded);
    }

    [Fact]
    public async Task Compliance_ChangesNothing_EvenAsARecipient_ButMayRecordThatItRead()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        await ReassignInTheDatabaseAsync(id, "auditor");
        var auditor = Callers.Compliance("auditor");

        var ack = await Harness.Engine.AcknowledgeAsync(id, auditor);
        var escalate = await Harness.Engine.EscalateNowAsync(id, auditor with { AnsweringTheirPhonePage = true });
        var reassign = await Harness.Engine.ReassignAsync(id, "nurse2", auditor);
        var read = await Harness.Engine.ReadAsync(id, auditor);

        Assert.All(new[] { ack, escalate, reassign }, r => Assert.Equal("read-only", r.Code));
        Assert.True(read.Succeeded);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(MessageState.Open, message.State);
        Assert.Equal(1, message.CurrentLayer);
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("admin")]
    [InlineData("medic")]
    [InlineData("leaver")]
    [InlineData("nobody")]
    public async Task Reassign_ToSomebodyWhoIsNotAnActiveClinicianOfTheUnit_IsRefused(string recipient)
    {
        var id = await Harness.SendAsync(Tier.Critical);

        var result = await Harness.Engine.ReassignAsync(id, recipient, Charge);

        Assert.Equal("not-eligible", result.Code);
        Assert.DoesNotContain(recipient, (await Harness.LoadAsync(id)).RecipientIds);
    }

    [Fact]
    public async Task Reassign_ToAClinicianOfAnotherUnit_WhoIsOnThisUnitsRoster_IsAllowed()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        var now = Harness.Clock.GetUtcNow();
        await Harness.AssignAsync("locum", ClinicalRoleKind.OnCallPhysician, now.AddDays(1), now.AddDays(2));

        var result = await Harness.Engine.ReassignAsync(id, "locum", Charge);

        Assert.True(result.Succeeded);
        Assert.Contains("locum", (await Harness.LoadAsync(id)).RecipientIds);
        Assert.Contains("locum", await new MessageAccess(Harness.Contexts, Harness.Clock).ReassignableAsync(Harness.Unit.Id));
    }

    [Fact]
    public async Task Reassign_AndEscalateNow_AreForWhoeverActsForTheUnit_NotForARecipientOnAScreen()
    {
        var id = await Harness.SendAsync(Tier.Critical);

        var reassign = await Harness.Engine.ReassignAsync(id, "nurse2", Callers.Clinician("nurse"));
        var escalate = await Harness.Engine.EscalateNowAsync(id, Callers.Clinician("nurse"));
        var admin = await Harness.Engine.ReassignAsync(id, "nurse2", new Caller("admin", PersonaRole.Administrator, null));

        Assert.Equal("not-for-unit", reassign.Code);
        Assert.Equal("not-for-unit", escalate.Code);
        Assert.True(admin.Succeeded);
    }

    [Fact]
    public async Task EscalateNow_ByTheCalledRecipientOfTheCurrentLayer_OnTheirPhonePage_IsAllowed()
    {
        var id = await Harness.SendAsync(Tier.Critical);

        var result = await Harness.Engine.EscalateNowAsync(id, Callers.Clinician("nurse") with { AnsweringTheirPhonePage = true });

        Assert.True(result.Succeeded);
        Assert.Equal(2, (await Harness.LoadAsync(id)).CurrentLayer);
    }

    [Fact]
    public async Task Caller_IsReadFromTheDatabase_ADeactivatedPersonHasNoRole()
    {
        var access = new MessageAccess(Harness.Contexts, Harness.Clock);

        var auditor = await access.CallerAsync("auditor");
        var leaver = await access.CallerAsync("leaver");
        var key = await access.CallerAsync("apikey:ehr");

        Assert.Equal(new Caller("auditor", PersonaRole.Compliance, null), auditor);
        Assert.Equal(new Caller("leaver", null, null), leaver);
        Assert.Equal(new Caller("apikey:ehr", null, null), key);
    }

    private async Task AddPersonAsync(string id, string persona, UnitId? home, bool active = true)
    {
        await using var db = Harness.NewContext();
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == persona);
        if (role is null)
        {
            role = new IdentityRole(persona) { NormalizedName = persona.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        db.Users.Add(new ApplicationUser { Id = id, UserName = id, Email = $"{id}@test.local", DisplayName = id, HomeUnitId = home, IsActive = active });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = role.Id });
        await db.SaveChangesAsync();
    }

    private async Task ReassignInTheDatabaseAsync(MessageId id, string recipientId)
    {
        await using var db = Harness.NewContext();
        await PastTheEngine.ReassignAsync(db, id, recipientId, Harness.Clock.GetUtcNow());
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteMessageAccessTests() : MessageAccessTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresMessageAccessTests() : MessageAccessTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerMessageAccessTests() : MessageAccessTests(DatabaseProvider.SqlServer);
