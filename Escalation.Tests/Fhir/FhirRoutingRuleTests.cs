using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.Fhir.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Resource = Hl7.Fhir.Model.Resource;

namespace Escalation.Tests.Fhir;

/// <summary>The routing table (V0006) and the intake routing through it, on each database we ship.</summary>
public abstract class FhirRoutingRuleTests(DatabaseProvider provider) : EngineTest(provider)
{
    private Unit _cardiology = default!;
    private FhirRoutingRules _rules = default!;

    protected override async Task StartedAsync()
    {
        _cardiology = new Unit("CARD", "Cardiology", "America/New_York");
        _cardiology.AddStandardRoles();
        await using var db = Harness.NewContext();
        db.Units.Add(_cardiology);
        await db.SaveChangesAsync();
        _rules = new FhirRoutingRules(Harness.Contexts, Harness.Clock);
    }

    [Fact]
    public async Task Rules_RoundTrip_WithTheirAudit_AndTheDatabaseRefusesADuplicate()
    {
        var attending = _cardiology.Roles.Single(r => r.Kind == ClinicalRoleKind.Attending).Id.Value;
        var added = await _rules.AddAsync(new FhirRoutingRuleRequest("Lab", "CareTeam", null, "http://h.example/teams", "cardio", _cardiology.Id.Value, attending), "u-admin");
        var changed = await _rules.ChangeAsync(added.Id, new FhirRoutingRuleRequest("Lab", "CareTeam", null, "http://h.example/teams", "cardio", Harness.Unit.Id.Value, null), "u-admin");

        Assert.Equal(("CARD", "Attending physician"), (added.UnitCode, added.RoleName));
        Assert.Equal(("ED", (Guid?)null, Harness.Clock.GetUtcNow()), (changed!.UnitCode, changed.RoleId, changed.UpdatedAt));
        Assert.Equal(changed, Assert.Single(await _rules.ListAsync()));
        await using (var db = Harness.NewContext())
        {
            Assert.Equal(["FhirRoutingRuleAdded", "FhirRoutingRuleChanged"], await db.AuditEntries.AsNoTracking().Where(e => e.Kind.StartsWith("FhirRouting")).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
            db.Set<FhirRoutingRule>().Add(new FhirRoutingRule("Lab", "CareTeam", FhirRoutingMatch.Identifier, "http://h.example/teams|cardio", _cardiology.Id.Value, null, "u", Harness.Clock.GetUtcNow()));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.True(await _rules.RemoveAsync(added.Id, "u-admin"));
        Assert.Empty(await _rules.ListAsync());
    }

    [Fact]
    public async Task Intake_SendsTheResultToTheRuledUnitAndRole_ForThatSourceOnly()
    {
        var attending = _cardiology.Roles.Single(r => r.Kind == ClinicalRoleKind.Attending).Id.Value;
        await _rules.AddAsync(new FhirRoutingRuleRequest("lab", null, "PractitionerRole/cardio-att", null, null, _cardiology.Id.Value, attending), "u-admin");
        await using (var db = Harness.NewContext())
        {
            // A rule whose unit has gone is skipped, not fatal.
            db.Set<FhirRoutingRule>().Add(new FhirRoutingRule("lab", "CareTeam", FhirRoutingMatch.Reference, "CareTeam/gone", Guid.NewGuid(), null, "u", Harness.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var options = new FhirIntakeOptions { DefaultUnitCode = "ED" };
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new FhirSourceClient(services.GetRequiredService<IHttpClientFactory>(), NullLogger<FhirSourceClient>.Instance);
        var intake = new LabResultIntake(
            Harness.Engine,
            new FhirSourceResolver(options, client, NullLogger<FhirSourceResolver>.Instance),
            new FhirRouter(Harness.Contexts, options, NullLogger<FhirRouter>.Instance),
            new Escalation.Infrastructure.Fhir.Lifecycle.LabResultLifecycle(Harness.Contexts, Harness.Clock, new Escalation.Infrastructure.Notices.NoticeBoard(Harness.Contexts, Harness.Clock),
                new Escalation.Infrastructure.Engine.EngineNotifier(), NullLogger<Escalation.Infrastructure.Fhir.Lifecycle.LabResultLifecycle>.Instance),
            new Escalation.Infrastructure.LabResults.LabRules(Harness.Contexts));

        var fromLab = await intake.AcceptAsync(Potassium("k-1", "PractitionerRole/cardio-att"), "apikey:lab", "LAB");
        var fromOther = await intake.AcceptAsync(Potassium("k-2", "PractitionerRole/cardio-att"), "apikey:other", "other");
        var gone = await intake.AcceptAsync(Potassium("k-3", "CareTeam/gone"), "apikey:lab", "lab");

        Assert.Equal(_cardiology.Id, (await Harness.LoadAsync(new(fromLab.Single().MessageId!.Value))).UnitId);
        Assert.Equal(Harness.Unit.Id, (await Harness.LoadAsync(new(fromOther.Single().MessageId!.Value))).UnitId);
        Assert.Equal(Harness.Unit.Id, (await Harness.LoadAsync(new(gone.Single().MessageId!.Value))).UnitId);
    }

    [Fact]
    public async Task Router_RefusesASourceDefaultUnitThatDoesNotExist()
    {
        var options = new FhirIntakeOptions { Sources = [new FhirSourceOptions { Name = "lab", DefaultUnitCode = "NOPE" }] };

        var refusal = await Assert.ThrowsAsync<EngineException>(() => new FhirRouter(Harness.Contexts, options, NullLogger<FhirRouter>.Instance).ForSourceAsync("lab"));

        Assert.Equal("unknown-unit", refusal.Code);
        Assert.Contains("FHIR source 'lab'", refusal.Message);
    }

    private static Resource Potassium(string id, string performer) => FhirPayloadReader.Read($$"""
        {"resourceType": "Observation", "id": "{{id}}", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}], "text": "Potassium"},
         "valueQuantity": {"value": 6.9, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"},
         "performer": [{"reference": "{{performer}}"}]}
        """);
}

[Trait("Category", "Sqlite")]
public sealed class SqliteFhirRoutingRuleTests() : FhirRoutingRuleTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresFhirRoutingRuleTests() : FhirRoutingRuleTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerFhirRoutingRuleTests() : FhirRoutingRuleTests(DatabaseProvider.SqlServer);
