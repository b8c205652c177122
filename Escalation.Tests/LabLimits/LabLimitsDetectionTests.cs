using System.Net.Http.Headers;
using Escalation.Domain.LabResults;
using Escalation.Infrastructure.LabResults;

namespace Escalation.Tests.LabLimits;

/// <summary>
/// Detection follows the table and the policy as administrators edit them: potassium results POSTed to
/// /fhir/Observation on the demo app, before and after each change, each under its own resource id.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class LabLimitsDetectionTests : AppTest
{
    private const string Potassium = "00000000-0000-0000-0008-000000000001";

    private HttpClient _admin = default!;
    private HttpClient _lab = default!;
    private int _next;

    protected override async Task StartedAsync()
    {
        _admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        _lab = HttpClients.WithApiKey(App, DemoData.IntegrationKey);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _admin.Dispose();
        _lab.Dispose();
    }

    [Fact]
    public async Task RaisingTheCriticalHigh_MakesACriticalPotassiumNotCritical_AndLoweringIt_TheReverse()
    {
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(6.5m));
        Assert.Null(await PostPotassiumAsync(5.9m));

        await SetPotassiumHighAsync(7.0);
        Assert.Null(await PostPotassiumAsync(6.5m));

        await SetPotassiumHighAsync(5.5);
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(5.9m));
    }

    [Fact]
    public async Task ADisabledOrDeletedRow_JudgesNothing()
    {
        (await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", new { loincCode = "2823-3", unit = "mmol/L", display = "Potassium", criticalLow = 2.8, criticalHigh = 6.2, enabled = false }))
            .EnsureSuccessStatusCode();
        Assert.Null(await PostPotassiumAsync(6.5m));

        (await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", new { loincCode = "2823-3", unit = "mmol/L", display = "Potassium", criticalLow = 2.8, criticalHigh = 6.2, enabled = true }))
            .EnsureSuccessStatusCode();
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(6.5m));

        (await _admin.DeleteAsync($"/api/admin/lab-limits/{Potassium}")).EnsureSuccessStatusCode();
        Assert.Null(await PostPotassiumAsync(6.5m));
    }

    [Fact]
    public async Task WhenFlagAndTableDisagree_ThePolicyDecides()
    {
        // HH on a value the table calls normal, and N on a value the table calls critical.
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(4.2m, "HH"));
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(6.8m, "N"));

        await SetPolicyAsync("LabFlagWins", urgentForAbnormal: false);
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(4.2m, "HH"));
        Assert.Null(await PostPotassiumAsync(6.8m, "N"));

        await SetPolicyAsync("LimitsWin", urgentForAbnormal: false);
        Assert.Null(await PostPotassiumAsync(4.2m, "HH"));
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(6.8m, "N"));
    }

    [Fact]
    public async Task UrgentForAbnormal_SendsAnUrgentMessage_OnlyWhileItIsOn()
    {
        // 5.6 is above the table's abnormal high (5.1), below its critical high (6.2).
        Assert.Null(await PostPotassiumAsync(5.6m));

        await SetPolicyAsync("MostSevereWins", urgentForAbnormal: true);
        Assert.Equal(Tier.Urgent, await PostPotassiumAsync(5.6m));
        Assert.Equal(Tier.Critical, await PostPotassiumAsync(6.5m));

        await SetPolicyAsync("MostSevereWins", urgentForAbnormal: false);
        Assert.Null(await PostPotassiumAsync(5.6m));
    }

    [Fact]
    public async Task AnEditSavedByAnotherNode_ReachesThisNodesCachedRules()
    {
        var thisNode = new LabRules(Database.Contexts);
        var otherNode = new LabLimitAdministration(Database.Contexts, TimeProvider.System);
        var first = await thisNode.CurrentAsync();
        Assert.Same(first, await thisNode.CurrentAsync());

        await otherNode.ChangeAsync(Guid.Parse(Potassium), new LabLimitInput("2823-3", "mmol/L", "Potassium", 2.8, 7.5), "admin-on-node-2");
        var second = await thisNode.CurrentAsync();

        Assert.Equal(first.Revision + 1, second.Revision);
        Assert.Equal(7.5m, second.Limits.Single(l => l.LoincCode == "2823-3").HighCritical);
        Assert.Equal(6.2m, first.Limits.Single(l => l.LoincCode == "2823-3").HighCritical);
    }

    private async Task SetPotassiumHighAsync(double high) =>
        (await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", new { loincCode = "2823-3", unit = "mmol/L", display = "Potassium", criticalLow = 2.8, criticalHigh = high, abnormalLow = 3.5, abnormalHigh = 5.1 }))
            .EnsureSuccessStatusCode();

    private async Task SetPolicyAsync(string precedence, bool urgentForAbnormal) =>
        (await _admin.PutAsJsonAsync("/api/admin/lab-policy", new { precedence, urgentForAbnormal })).EnsureSuccessStatusCode();

    /// <summary>Posts a serum potassium (no reference range, so only the table judges the number) and returns the tier of the message it made, if any.</summary>
    private async Task<Tier?> PostPotassiumAsync(decimal value, string? flag = null)
    {
        var id = $"k-limits-{++_next}";
        var interpretation = flag is null ? "" : $$""","interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"{{flag}}"}]}]""";
        var json = $$"""
            {"resourceType":"Observation","id":"{{id}}","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"2823-3","display":"Potassium [Moles/volume] in Serum or Plasma"}],"text":"Potassium"},
             "effectiveDateTime":"2026-11-22T06:10:00Z",
             "valueQuantity":{"value":{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}{{interpretation}}}
            """;
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await _lab.PostAsync("/fhir/Observation", content);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await using var db = Database.NewContext();
        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.ExternalId != null && m.ExternalId.StartsWith($"Observation/{id}/"));
        return message?.Tier;
    }
}
