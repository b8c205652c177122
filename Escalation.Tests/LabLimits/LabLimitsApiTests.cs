using Escalation.Domain.LabResults;

namespace Escalation.Tests.LabLimits;

/// <summary>/api/admin/lab-limits and /api/admin/lab-policy on the demo app over real HTTP: administrators only, bad input changes nothing, every change audited.</summary>
[Trait("Category", "Sqlite")]
public sealed class LabLimitsApiTests : AppTest
{
    private const string Potassium = "00000000-0000-0000-0008-000000000001";

    private HttpClient _admin = default!;

    protected override async Task StartedAsync()
    {
        _admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _admin.Dispose();
    }

    [Fact]
    public async Task Get_ListsTheShippedDefaults_AndTheShippedPolicy()
    {
        var rows = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-limits");
        var policy = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-policy");

        Assert.Equal(CriticalLimits.Defaults.Count, rows.GetArrayLength());
        var potassium = rows.EnumerateArray().Single(r => r.GetProperty("id").GetString() == Potassium);
        Assert.Equal(("2823-3", "mmol/L", "Potassium", 2.8m, 6.2m, true), (potassium.GetProperty("loincCode").GetString(), potassium.GetProperty("unit").GetString(),
            potassium.GetProperty("display").GetString(), potassium.GetProperty("criticalLow").GetDecimal(), potassium.GetProperty("criticalHigh").GetDecimal(), potassium.GetProperty("enabled").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, potassium.GetProperty("updatedBy").ValueKind);
        Assert.Equal(("MostSevereWins", false), (policy.GetProperty("precedence").GetString(), policy.GetProperty("urgentForAbnormal").GetBoolean()));
    }

    [Theory]
    [InlineData("nurse@demo.local")]
    [InlineData("charge@demo.local")]
    [InlineData("compliance@demo.local")]
    public async Task NonAdministrators_AreRefused_AndChangeNothing(string email)
    {
        using var other = await HttpClients.SignedInAsync(App, email);
        var before = await SnapshotAsync();

        var answers = new[]
        {
            await other.GetAsync("/api/admin/lab-limits"),
            await other.PostAsJsonAsync("/api/admin/lab-limits", Row("1975-2", "mg/dL", "Bilirubin", null, 15)),
            await other.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", Row("2823-3", "mmol/L", "Potassium", 2.8, 9)),
            await other.DeleteAsync($"/api/admin/lab-limits/{Potassium}"),
            await other.PostAsync("/api/admin/lab-limits/reset-to-defaults", null),
            await other.GetAsync("/api/admin/lab-policy"),
            await other.PutAsJsonAsync("/api/admin/lab-policy", new { precedence = "LimitsWin", urgentForAbnormal = true }),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        Assert.Equal(before, await SnapshotAsync());
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { """{"loincCode":"2823-4","unit":"mmol/L","display":"Potassium","criticalHigh":6}""", "loincCode", "check digit" },
        { """{"loincCode":"1975-2","unit":"","display":"Bilirubin","criticalHigh":15}""", "unit", "UCUM unit" },
        { """{"loincCode":"1975-2","unit":"mg/dL","display":"Bilirubin","criticalLow":15,"criticalHigh":1}""", "criticalHigh", "above the critical low" },
        { """{"loincCode":"1975-2","unit":"mg/dL","display":"Bilirubin"}""", "criticalLow", "neither" },
        { """{"loincCode":"1975-2","unit":"mg/dL","display":"Bilirubin","criticalHigh":1e300}""", "criticalHigh", "finite number" },
        // mmol/l is mmol/L in UCUM: a second potassium row would judge the same result twice.
        { """{"loincCode":"2823-3","unit":"mmol/l","display":"Potassium again","criticalHigh":7}""", "unit", "already has a row in mmol/L" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task Post_WithBadInput_Is400WithTheBrokenRule_AndChangesNothing(string json, string field, string words)
    {
        var before = await SnapshotAsync();

        using var response = await _admin.PostAsync("/api/admin/lab-limits", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(words, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Put_WithBadInput_AndBadPolicy_Are400_AndChangeNothing()
    {
        var before = await SnapshotAsync();

        using var inverted = await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", Row("2823-3", "mmol/L", "Potassium", 6.2, 2.8));
        using var notJson = await _admin.PutAsync($"/api/admin/lab-limits/{Potassium}", new StringContent("{\"criticalHigh\":", Encoding.UTF8, "application/json"));
        using var precedence = await _admin.PutAsJsonAsync("/api/admin/lab-policy", new { precedence = "Whatever", urgentForAbnormal = true });
        using var numeric = await _admin.PutAsJsonAsync("/api/admin/lab-policy", new { precedence = "1", urgentForAbnormal = true });
        using var missing = await _admin.PutAsJsonAsync("/api/admin/lab-policy", new { precedence = "LimitsWin" });
        using var unknown = await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Guid.NewGuid()}", Row("1975-2", "mg/dL", "Bilirubin", null, 15));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound],
            new[] { inverted, notJson, precedence, numeric, missing, unknown }.Select(r => r.StatusCode));
        Assert.Contains("above the critical low", (await inverted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("criticalHigh")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("MostSevereWins, LabFlagWins, LimitsWin", (await precedence.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("precedence")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task EveryChange_IsAudited_WithBeforeAndAfter_AndMovesTheRevision()
    {
        var revision = (await _admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-policy")).GetProperty("revision").GetInt64();

        using var added = await _admin.PostAsJsonAsync("/api/admin/lab-limits", Row("1975-2", "mg/dL", "Bilirubin", null, 15));
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var changed = await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", Row("2823-3", "mmol/L", "Potassium", 2.5, 6.5));
        using var removed = await _admin.DeleteAsync($"/api/admin/lab-limits/{id}");
        using var policy = await _admin.PutAsJsonAsync("/api/admin/lab-policy", new { precedence = "LimitsWin", urgentForAbnormal = true });

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.OK], new[] { added, changed, removed, policy }.Select(r => r.StatusCode));
        var changedRow = await changed.Content.ReadFromJsonAsync<JsonElement>();
        var adminId = changedRow.GetProperty("updatedBy").GetString();
        Assert.Equal(6.5m, changedRow.GetProperty("criticalHigh").GetDecimal());
        Assert.False(string.IsNullOrEmpty(adminId));
        var after = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-policy");
        Assert.Equal(revision + 4, after.GetProperty("revision").GetInt64());
        Assert.Equal(("LimitsWin", true), (after.GetProperty("precedence").GetString(), after.GetProperty("urgentForAbnormal").GetBoolean()));

        var audit = await AuditAsync();
        Assert.Equal(["LabLimitAdded", "LabLimitChanged", "LabLimitRemoved", "LabPolicyChanged"], audit.Select(a => a.Kind));
        Assert.Contains("after: 1975-2 Bilirubin [mg/dL] critical -..15", audit[0].Detail, StringComparison.Ordinal);
        Assert.Contains("before: 2823-3 Potassium [mmol/L] critical 2.8..6.2", audit[1].Detail, StringComparison.Ordinal);
        Assert.Contains("after: 2823-3 Potassium [mmol/L] critical 2.5..6.5", audit[1].Detail, StringComparison.Ordinal);
        Assert.Contains("before: 1975-2 Bilirubin", audit[2].Detail, StringComparison.Ordinal);
        Assert.Equal("before: precedence MostSevereWins, urgent for abnormal off; after: precedence LimitsWin, urgent for abnormal on", audit[3].Detail);
        Assert.All(audit, a => Assert.Equal(adminId, a.Actor));
    }

    [Fact]
    public async Task ResetToDefaults_ReplacesTheSitesEdits_WithTheShippedRows_AndIsAudited()
    {
        (await _admin.PutAsJsonAsync($"/api/admin/lab-limits/{Potassium}", Row("2823-3", "mmol/L", "Potassium", 2.5, 6.5))).EnsureSuccessStatusCode();
        (await _admin.PostAsJsonAsync("/api/admin/lab-limits", Row("1975-2", "mg/dL", "Bilirubin", null, 15))).EnsureSuccessStatusCode();
        (await _admin.DeleteAsync("/api/admin/lab-limits/00000000-0000-0000-0008-000000000012")).EnsureSuccessStatusCode();

        using var reset = await _admin.PostAsync("/api/admin/lab-limits/reset-to-defaults", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var rows = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/lab-limits");
        var limits = rows.EnumerateArray().Select(r => new CriticalLimit(r.GetProperty("loincCode").GetString()!, r.GetProperty("display").GetString()!, r.GetProperty("unit").GetString()!,
            Dec(r, "criticalLow"), Dec(r, "criticalHigh"), Dec(r, "abnormalLow"), Dec(r, "abnormalHigh"))).ToHashSet();
        Assert.True(limits.SetEquals(CriticalLimits.Defaults));
        var audit = (await AuditAsync()).Last();
        Assert.Equal("LabLimitsReset", audit.Kind);
        Assert.Contains("before: 12 rows", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("2823-3 Potassium [mmol/L] critical 2.5..6.5", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("1975-2 Bilirubin", audit.Detail, StringComparison.Ordinal);
    }

    private static object Row(string code, string unit, string display, double? low, double? high) =>
        new { loincCode = code, unit, display, criticalLow = low, criticalHigh = high };

    private static decimal? Dec(JsonElement row, string name) => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDecimal();

    /// <summary>The table, the policy and the audit trail's length: what "nothing changed" means.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = Database.NewContext();
        var rows = await db.Set<SiteLabLimit>().AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        var policy = await db.Set<SiteLabPolicy>().AsNoTracking().SingleAsync();
        var audit = await db.AuditEntries.CountAsync(a => a.Kind.StartsWith("Lab"));
        return string.Join("\n", rows.Select(r => r.Describe())) + $"\n{policy.Precedence} {policy.UrgentForAbnormal} r{policy.Revision} audit {audit}";
    }

    private async Task<List<Escalation.Domain.Audit.AuditEntry>> AuditAsync()
    {
        await using var db = Database.NewContext();
        return (await db.AuditEntries.AsNoTracking().Where(a => a.Kind.StartsWith("Lab")).ToListAsync()).OrderBy(a => a.Id).ToList();
    }
}
