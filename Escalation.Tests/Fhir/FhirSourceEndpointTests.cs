using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Integrations;

namespace Escalation.Tests.Fhir;

/// <summary>
/// The demo app over real HTTP with a sending system's FHIR server beside it (<see cref="FakeFhirServer"/>): bearer
/// keys on /fhir, results fetched from the source, the subscription receiver, and routing by the administrator's rules.
/// The demo key's source, <c>dev-integration</c>, is configured with the fake's base, a token and the default unit MED;
/// the site default stays ED.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class FhirSourceEndpointTests : AppTest
{
    private const string SourceToken = "source-token-never-logged";
    private const string Notifications = "/fhir/notifications";

    private FakeFhirServer _fake = default!;

    protected override async Task<AppHost> CreateAppAsync(DatabaseOptions database)
    {
        _fake = await FakeFhirServer.StartAsync();
        return new AppHost(database, settings: new Dictionary<string, string?>
        {
            ["Fhir:FetchTimeout"] = "00:00:02",
            ["Fhir:Sources:0:Name"] = "dev-integration",
            ["Fhir:Sources:0:BaseUrl"] = _fake.BaseUrl.AbsoluteUri,
            ["Fhir:Sources:0:BearerToken"] = SourceToken,
            ["Fhir:Sources:0:DefaultUnitCode"] = "MED",
            ["Fhir:Sources:1:Name"] = "lab-down",
            ["Fhir:Sources:1:BaseUrl"] = $"http://127.0.0.1:{FreePort.Next()}/fhir",
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task FhirTakesTheKeyAsBearerOrApiKey_AnUnknownOrRevokedKeyGets401_AndChangesNothing()
    {
        var revoked = await IssueKeyAsync("lab-revoked");
        var keys = App.Services.GetRequiredService<ApiKeyAdministration>();
        await keys.RevokeAsync((await keys.ListAsync()).Single(k => k.SourceName == "lab-revoked").Id, "test");

        var bearer = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"), ("Bearer", DemoData.IntegrationKey));
        var apiKey = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-sodium-118-flag-l-only.json"), ("ApiKey", DemoData.IntegrationKey));
        var unknown = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.5-no-flag.json"), ("Bearer", "esc_not-a-key"));
        var revokedBearer = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.5-no-flag.json"), ("Bearer", revoked));
        var revokedApiKey = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.5-no-flag.json"), ("ApiKey", revoked));
        var revokedNotification = await PostAsync(Notifications, FhirCorpus.Bytes("ours-potassium-6.5-no-flag.json"), ("Bearer", revoked));
        using var outsideFhir = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        outsideFhir.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoData.IntegrationKey);
        using var units = await outsideFhir.GetAsync("/api/units");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (bearer.Status, apiKey.Status));
        Assert.All([unknown, revokedBearer, revokedApiKey, revokedNotification], r => Assert.Equal(HttpStatusCode.Unauthorized, r.Status));
        Assert.Contains("Bearer", unknown.Challenge);
        Assert.Equal(HttpStatusCode.Unauthorized, units.StatusCode); // Bearer is for /fhir; the rest of the API keeps its scheme
        Assert.Equal(2, (await EhrMessagesAsync()).Count);
    }

    [Fact]
    public async Task ReportWithReferencedResults_FetchesThemFromTheSource_WithItsToken_AndThePatientToo()
    {
        _fake.Put("Observation/k-1", Potassium("k-1", "\"subject\": {\"reference\": \"Patient/p-1\"}"));
        _fake.Put("Observation/k-2", Potassium("k-2", "\"subject\": {\"reference\": \"Patient/p-1\"}", value: 4.2m));
        _fake.Put("Patient/p-1", """{"resourceType": "Patient", "id": "p-1", "name": [{"text": "Maria Lopez"}], "identifier": [{"system": "urn:mrn", "value": "MRN-777"}]}""");

        var response = await PostAsync("/fhir/DiagnosticReport", Encoding.UTF8.GetBytes(Report("bmp-7", "Observation/k-1", "Observation/k-2")));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var message = Assert.Single(await EhrMessagesAsync());
        Assert.Equal(Tier.Critical, message.Tier);
        Assert.Equal("MED", await UnitCodeAsync(message.UnitId));
        Assert.Contains("Maria Lopez (MRN-777)", App.Services.GetRequiredService<PatientDataProtector>().Unprotect(message.PatientRef!.Value));
        Assert.Equal(["Observation/k-1", "Observation/k-2", "Patient/p-1"], _fake.Requests.Select(r => r.Path).Distinct().Order());
        Assert.All(_fake.Requests, r => Assert.Equal(($"Bearer {SourceToken}", "application/fhir+json"), (r.Authorization, r.Accept)));
    }

    [Fact]
    public async Task SourceThatCannotDeliverAResult_GetsAnOperationOutcome_ChangesNothing_AndTheResendWorks()
    {
        var down = await IssueKeyAsync("lab-down");
        var noBase = await IssueKeyAsync("lab-nobase");
        var report = FhirCorpus.Bytes("ours-diagnosticreport-contained-potassium.json"); // a critical contained result, and Observation/not-here

        var notFound = await PostAsync("/fhir/DiagnosticReport", report);
        _fake.Answer("Observation/not-here", HttpStatusCode.OK, "<html>Please sign in</html>", "text/html");
        var notFhir = await PostAsync("/fhir/DiagnosticReport", report);
        _fake.Answer("Observation/not-here", HttpStatusCode.ServiceUnavailable, "{}", "application/json");
        var failing = await PostAsync("/fhir/DiagnosticReport", report);
        _fake.Hang("Observation/not-here");
        var slow = await PostAsync("/fhir/DiagnosticReport", report);
        var unreachable = await PostAsync("/fhir/DiagnosticReport", report, ("Bearer", down));
        var unconfigured = await PostAsync("/fhir/DiagnosticReport", report, ("Bearer", noBase));

        Assert.Equal(
            [(HttpStatusCode.UnprocessableEntity, "not-found"), (HttpStatusCode.BadGateway, "exception"), (HttpStatusCode.BadGateway, "transient"),
             (HttpStatusCode.GatewayTimeout, "timeout"), (HttpStatusCode.BadGateway, "transient"), (HttpStatusCode.UnprocessableEntity, "not-found")],
            new[] { notFound, notFhir, failing, slow, unreachable, unconfigured }.Select(r => (r.Status, r.Body.GetProperty("issue")[0].GetProperty("code").GetString())));
        Assert.All(new[] { notFound, notFhir, failing, slow, unreachable, unconfigured }, r => Assert.Equal("OperationOutcome", r.Body.GetProperty("resourceType").GetString()));
        Assert.Contains("has no FHIR base URL", unconfigured.Body.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
        Assert.Empty(await EhrMessagesAsync());

        _fake.Put("Observation/not-here", Potassium("not-here", "", value: 4.0m));
        var resent = await PostAsync("/fhir/DiagnosticReport", report);

        Assert.Equal(HttpStatusCode.Created, resent.Status);
        Assert.Single(await EhrMessagesAsync());
    }

    [Fact]
    public async Task HandshakeHeartbeatAndRestHookPing_Get200_AndChangeNothing_NorDoNotificationsAboutOtherResources()
    {
        var handshake = await PostAsync(Notifications, FhirCorpus.Bytes("backport-r4-notification-handshake.json"));
        var heartbeat = await PostAsync(Notifications, FhirCorpus.Bytes("backport-r4-notification-heartbeat.json"));
        var ping = await PostAsync(Notifications, [], mediaType: null);
        var encounter = await PostAsync(Notifications, FhirCorpus.Bytes("backport-r4-notification-full-resource.json"));
        var encounterIdOnly = await PostAsync(Notifications, FhirCorpus.Bytes("backport-r4-notification-id-only.json"));

        Assert.All([handshake, heartbeat, ping, encounter, encounterIdOnly], r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.StartsWith("Handshake for https://example.org/fhir/Subscription/admission", Diagnostics(handshake));
        Assert.StartsWith("Heartbeat", Diagnostics(heartbeat));
        Assert.Contains("not a lab result", Diagnostics(encounter));
        Assert.Contains("not a lab result", Diagnostics(encounterIdOnly));
        Assert.Empty(_fake.Requests);
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task FullResourceNotification_TakesItsObservationThroughTheIntake_Once()
    {
        var notification = Backport("backport-r4-notification-full-resource.json", "https://ehr.example/fhir/Observation/k-68");
        var entry = notification["entry"]!.AsArray()[1]!;
        entry["fullUrl"] = "https://ehr.example/fhir/Observation/k-68";
        entry["resource"] = JsonNode.Parse(FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        var body = Encoding.UTF8.GetBytes(notification.ToJsonString());

        var first = await PostAsync(Notifications, body);
        var again = await PostAsync(Notifications, body);
        var posted = await PostAsync("/fhir/Observation", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, again.Status, posted.Status));
        var message = Assert.Single(await EhrMessagesAsync());
        Assert.Equal(Tier.Critical, message.Tier);
        Assert.Contains("Jane Doe (12345)", App.Services.GetRequiredService<PatientDataProtector>().Unprotect(message.PatientRef!.Value));
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task IdOnlyNotification_FetchesEachFocusFromTheSource_WithItsPatient_AndAReportWithItsResults()
    {
        _fake.Put("Observation/k-9", Potassium("k-9", "\"subject\": {\"reference\": \"Patient/p-2\"}"));
        _fake.Put("Patient/p-2", """{"resourceType": "Patient", "id": "p-2", "name": [{"given": ["Ada"], "family": "Okoye"}]}""");
        _fake.Put("DiagnosticReport/bmp-9", Report("bmp-9", "Observation/na-118"));
        _fake.Put("Observation/na-118", FhirCorpus.Bytes("ours-sodium-118-flag-l-only.json"));
        var notification = Backport("backport-r4-notification-id-only.json", $"{_fake.BaseUrl}/Observation/k-9");
        AddEvent(notification, "DiagnosticReport/bmp-9");

        var response = await PostAsync(Notifications, Encoding.UTF8.GetBytes(notification.ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var messages = await EhrMessagesAsync();
        Assert.Equal(2, messages.Count(m => m.Tier == Tier.Critical));
        Assert.Contains(messages, m => App.Services.GetRequiredService<PatientDataProtector>().Unprotect(m.PatientRef!.Value) == "Ada Okoye");
        Assert.Equal(["DiagnosticReport/bmp-9", "Observation/k-9", "Observation/na-118", "Patient/p-2"], _fake.Requests.Select(r => r.Path).Order());
        Assert.All(_fake.Requests, r => Assert.Equal($"Bearer {SourceToken}", r.Authorization));
    }

    [Fact]
    public async Task IdOnlyNotification_WhoseFocusTheSourceLacks_Is422_AndChangesNothing()
    {
        _fake.Put("Observation/k-68", FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        var notification = Backport("backport-r4-notification-id-only.json", "Observation/k-68");
        AddEvent(notification, "Observation/gone");

        var response = await PostAsync(Notifications, Encoding.UTF8.GetBytes(notification.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Contains("Observation/gone", Diagnostics(response));
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task RestHookWithTheResourceAsBody_IsTakenAsIfPosted()
    {
        var observation = await PostAsync(Notifications, FhirCorpus.Bytes("ours-potassium-6.8-hh.json"));
        var bundle = await PostAsync(Notifications, FhirCorpus.Bytes("ours-transaction-potassium-and-patient.json"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (observation.Status, bundle.Status));
        Assert.Equal(2, (await EhrMessagesAsync()).Count);
    }

    [Fact]
    public async Task BadNotifications_GetAnOperationOutcome400_AndChangeNothing()
    {
        var noType = Backport("backport-r4-notification-heartbeat.json", null);
        var statusParameters = noType["entry"]![0]!["resource"]!["parameter"]!.AsArray();
        statusParameters.Remove(statusParameters.Single(p => (string?)p!["name"] == "type"));
        var queryStatus = Backport("backport-r4-notification-heartbeat.json", null);
        queryStatus["entry"]![0]!["resource"]!["parameter"]!.AsArray().Single(p => (string?)p!["name"] == "type")!["valueCode"] = "query-status";

        var responses = new[]
        {
            await PostAsync(Notifications, Encoding.UTF8.GetBytes(noType.ToJsonString())),
            await PostAsync(Notifications, Encoding.UTF8.GetBytes(queryStatus.ToJsonString())),
            await PostAsync(Notifications, FhirCorpus.Bytes("ours-invalid-json.json")),
            await PostAsync(Notifications, """{"resourceType": "Patient", "id": "p"}"""u8.ToArray()),
            await PostAsync(Notifications, FhirCorpus.Bytes("ours-transaction-second-entry-missing-status.json")),
        };
        var xml = await PostAsync(Notifications, FhirCorpus.Bytes("ours-potassium-6.8-hh.json"), mediaType: "application/fhir+xml");

        Assert.All(responses, r => Assert.Equal((HttpStatusCode.BadRequest, "OperationOutcome"), (r.Status, r.Body.GetProperty("resourceType").GetString())));
        Assert.Equal(["required", "not-supported", "invalid", "not-supported", "required"], responses.Select(r => r.Body.GetProperty("issue")[0].GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.Status);
        Assert.Empty(await EhrMessagesAsync());
    }

    [Fact]
    public async Task RoutingRules_RouteByPerformer_ThenRequester_ThenTheSourcesDefault_ThenTheSites_AndEveryEditIsAudited()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var (card, cardAttending) = await UnitAndRoleAsync("CARD", ClinicalRoleKind.Attending);
        var (ed, _) = await UnitAndRoleAsync("ED", ClinicalRoleKind.PrimaryNurse);
        var performerRule = await admin.PostAsJsonAsync(RulesPath, new
        {
            sourceName = "dev-integration", resourceType = "PractitionerRole", identifierSystem = "http://ehr.example/roles", identifierValue = "card-att",
            unitId = card, roleId = cardAttending,
        });
        var requesterRule = await admin.PostAsJsonAsync(RulesPath, new { sourceName = "dev-integration", reference = "CareTeam/ed-team", unitId = ed });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (performerRule.StatusCode, requesterRule.StatusCode));
        var listed = await admin.GetFromJsonAsync<JsonElement>(RulesPath);
        Assert.Equal(["CareTeam/ed-team", "http://ehr.example/roles|card-att"], listed.EnumerateArray().Select(r => r.GetProperty("value").GetString()));
        Assert.Equal("Attending physician", listed[1].GetProperty("roleName").GetString());
        var noBase = await IssueKeyAsync("lab-nobase");

        const string Performer = """
            "contained": [{"resourceType": "PractitionerRole", "id": "pr", "identifier": [{"system": "http://ehr.example/roles", "value": "card-att"}]}],
            "performer": [{"reference": "#pr"}]
            """;
        const string Requester = """
            "contained": [{"resourceType": "ServiceRequest", "id": "o", "status": "active", "intent": "order", "requester": {"reference": "CareTeam/ed-team", "type": "CareTeam"}}],
            "basedOn": [{"reference": "#o"}]
            """;
        Assert.Equal("CARD", await RoutedToAsync(Potassium("r-1", Performer)));
        Assert.Equal("ED", await RoutedToAsync(Potassium("r-2", Requester)));
        Assert.Equal("MED", await RoutedToAsync(Potassium("r-3", "\"performer\": [{\"reference\": \"PractitionerRole/unknown\"}]")));
        Assert.Equal("MED", await RoutedToAsync(Potassium("r-4", Performer.Replace("card-att", "other", StringComparison.Ordinal))));
        Assert.Equal("ED", await RoutedToAsync(Potassium("r-5", Performer), noBase)); // rules are per source: lab-nobase has none, nor a default

        var requesterId = (await requesterRule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var moved = await admin.PutAsJsonAsync($"{RulesPath}/{requesterId}", new { sourceName = "dev-integration", reference = "CareTeam/ed-team", unitId = card });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("CARD", await RoutedToAsync(Potassium("r-6", Requester)));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{RulesPath}/{requesterId}")).StatusCode);
        Assert.Equal("MED", await RoutedToAsync(Potassium("r-7", Requester)));

        await using var db = Database.NewContext();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Kind.StartsWith("FhirRoutingRule")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["FhirRoutingRuleAdded", "FhirRoutingRuleAdded", "FhirRoutingRuleChanged", "FhirRoutingRuleRemoved"], audit.Select(e => e.Kind));
        var adminId = (await db.Users.SingleAsync(u => u.Email == "admin@demo.local")).Id;
        Assert.All(audit, e => Assert.Equal(adminId, e.Actor));
        Assert.Equal("dev-integration: PractitionerRole identifier http://ehr.example/roles|card-att → CARD / Attending physician", audit[0].Detail);
        Assert.Contains("→ ED; now dev-integration: CareTeam reference CareTeam/ed-team → CARD", audit[2].Detail);
    }

    [Fact]
    public async Task RoutingRuleApi_RefusesUnknownUnitsAndRoles_MalformedRulesAndDuplicates_AndChangesNothing()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var (card, cardAttending) = await UnitAndRoleAsync("CARD", ClinicalRoleKind.Attending);
        var (ed, _) = await UnitAndRoleAsync("ED", ClinicalRoleKind.PrimaryNurse);
        var first = await admin.PostAsJsonAsync(RulesPath, new { sourceName = "dev-integration", reference = "PractitionerRole/1", unitId = card, roleId = cardAttending });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var refusals = new List<(HttpStatusCode, string?)>();
        foreach (var body in new object[]
        {
            new { sourceName = "dev-integration", reference = "PractitionerRole/2", unitId = Guid.NewGuid() },
            new { sourceName = "dev-integration", reference = "PractitionerRole/2", unitId = card, roleId = Guid.NewGuid() },
            new { sourceName = "dev-integration", reference = "PractitionerRole/2", unitId = ed, roleId = cardAttending },
            new { sourceName = "dev-integration", reference = "PractitionerRole/2", identifierSystem = "s", identifierValue = "v", unitId = card },
            new { sourceName = "dev-integration", reference = "Practitioner/2", unitId = card },
            new { sourceName = "DEV-INTEGRATION", reference = "PractitionerRole/1/_history/4", unitId = ed },
        })
        {
            using var response = await admin.PostAsJsonAsync(RulesPath, body);
            refusals.Add((response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()));
        }

        using var changeToUnknown = await admin.PutAsJsonAsync($"{RulesPath}/{firstId}", new { sourceName = "dev-integration", reference = "PractitionerRole/1", unitId = Guid.NewGuid() });
        using var missing = await admin.PutAsJsonAsync($"{RulesPath}/{Guid.NewGuid()}", new { sourceName = "dev-integration", reference = "PractitionerRole/1", unitId = card });
        using var charge = await HttpClients.SignedInAsync(App, "charge@demo.local");
        using var asCharge = await charge.GetAsync(RulesPath);
        using var asKey = await HttpClients.WithApiKey(App, DemoData.IntegrationKey).GetAsync(RulesPath);

        Assert.Equal(
            [(HttpStatusCode.BadRequest, "unknown-unit"), (HttpStatusCode.BadRequest, "unknown-role"), (HttpStatusCode.BadRequest, "role-not-in-unit"),
             (HttpStatusCode.BadRequest, "invalid"), (HttpStatusCode.BadRequest, "invalid"), (HttpStatusCode.Conflict, "duplicate-rule")],
            refusals);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (changeToUnknown.StatusCode, missing.StatusCode));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (asCharge.StatusCode, asKey.StatusCode));
        var listed = await admin.GetFromJsonAsync<JsonElement>(RulesPath);
        var rule = Assert.Single(listed.EnumerateArray());
        Assert.Equal((card, "CARD"), (rule.GetProperty("unitId").GetGuid(), rule.GetProperty("unitCode").GetString()));
        await using var db = Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Kind.StartsWith("FhirRoutingRule")));
    }

    [Fact]
    public async Task AResultRoutedToARole_StartsAtTheLayerOfThatRole_WithWhoeverHoldsItNow()
    {
        using var admin = await HttpClients.SignedInAsync(App, "admin@demo.local");
        var (ed, edAttending) = await UnitAndRoleAsync("ED", ClinicalRoleKind.Attending);
        var rule = await admin.PostAsJsonAsync(RulesPath, new { sourceName = "dev-integration", reference = "PractitionerRole/ed-att", unitId = ed, roleId = edAttending });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        var posted = await PostAsync("/fhir/Observation", Encoding.UTF8.GetBytes(Potassium("att-1", "\"performer\": [{\"reference\": \"PractitionerRole/ed-att\"}]")));
        Assert.Equal(HttpStatusCode.Created, posted.Status);
        // The sender hears why: the performer and the rule that matched it.
        Assert.Contains("routed by performer PractitionerRole/ed-att (routing rule reference PractitionerRole/ed-att)", Diagnostics(posted));

        // The Critical ladder's layer 3 is "Attending, else on-call physician": the attending on duty gets it first.
        await using var db = Database.NewContext();
        var message = await db.Messages.AsNoTracking().Include(m => m.Deliveries).SingleAsync(m => m.ExternalId!.StartsWith("Observation/att-1/"));
        var doctor = await db.Users.Where(u => u.Email == "doctor@demo.local").Select(u => u.Id).SingleAsync();
        Assert.Equal(3, message.CurrentLayer);
        Assert.Equal([doctor], message.RecipientIds);
        Assert.DoesNotContain(await db.AuditEntries.AsNoTracking().Where(e => e.MessageId == message.Id.Value).Select(e => e.Kind).ToListAsync(), k => k == "LayerSkipped");
    }

    private const string RulesPath = "/api/admin/fhir/routing-rules";

    private async Task<string> RoutedToAsync(string observation, string key = DemoData.IntegrationKey)
    {
        var response = await PostAsync("/fhir/Observation", Encoding.UTF8.GetBytes(observation), ("Bearer", key));
        Assert.Equal(HttpStatusCode.Created, response.Status);
        var id = JsonDocument.Parse(observation).RootElement.GetProperty("id").GetString();
        var message = (await EhrMessagesAsync()).Single(m => m.ExternalId!.Contains($"Observation/{id}/", StringComparison.Ordinal));
        return await UnitCodeAsync(message.UnitId);
    }

    private async Task<(Guid Unit, Guid Role)> UnitAndRoleAsync(string code, ClinicalRoleKind kind)
    {
        await using var db = Database.NewContext();
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == code);
        var role = await db.ClinicalRoles.AsNoTracking().FirstAsync(r => r.UnitId == unit.Id && r.Kind == kind);
        return (unit.Id.Value, role.Id.Value);
    }

    private async Task<string> IssueKeyAsync(string source)
    {
        var secret = "";
        // A key feeds /fhir as the FHIR source it is bound to (docs/decisions/019).
        await App.Services.GetRequiredService<ApiKeyAdministration>().IssueAsync(source, source, new KeyBinding([], source, []), "test", value => secret = value);
        return secret;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Challenge)> PostAsync(
        string path, byte[] body, (string Scheme, string Key)? auth = null, string? mediaType = "application/fhir+json")
    {
        using var client = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        var (scheme, key) = auth ?? ("Bearer", DemoData.IntegrationKey);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, key);
        using var content = new ByteArrayContent(body);
        if (mediaType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), string.Join(", ", response.Headers.WwwAuthenticate));
    }

    private static string Diagnostics((HttpStatusCode Status, JsonElement Body, string Challenge) response) =>
        string.Join("\n", response.Body.GetProperty("issue").EnumerateArray().Select(i => i.GetProperty("diagnostics").GetString()));

    private async Task<List<Message>> EhrMessagesAsync()
    {
        await using var db = Database.NewContext();
        return await db.Messages.AsNoTracking().Where(m => m.Source == MessageSource.Ehr).ToListAsync();
    }

    private async Task<string> UnitCodeAsync(UnitId unit)
    {
        await using var db = Database.NewContext();
        return (await db.Units.AsNoTracking().SingleAsync(u => u.Id == unit)).Code;
    }

    /// <summary>A corpus Backport notification with its (first) event's focus set to <paramref name="focus"/>.</summary>
    private static JsonObject Backport(string file, string? focus)
    {
        var notification = JsonNode.Parse(FhirCorpus.Bytes(file))!.AsObject();
        if (focus is not null)
        {
            var @event = notification["entry"]![0]!["resource"]!["parameter"]!.AsArray().Single(p => (string?)p!["name"] == "notification-event")!;
            @event["part"]!.AsArray().Single(p => (string?)p!["name"] == "focus")!["valueReference"]!["reference"] = focus;
        }

        return notification;
    }

    /// <summary>Adds a copy of the notification's event, about <paramref name="focus"/>.</summary>
    private static void AddEvent(JsonObject notification, string focus)
    {
        var parameters = notification["entry"]![0]!["resource"]!["parameter"]!.AsArray();
        var copy = JsonNode.Parse(parameters.Single(p => (string?)p!["name"] == "notification-event")!.ToJsonString())!;
        copy["part"]!.AsArray().Single(p => (string?)p!["name"] == "focus")!["valueReference"]!["reference"] = focus;
        parameters.Add(copy);
    }

    private static string Potassium(string id, string extra, decimal value = 6.8m) => $$"""
        {"resourceType": "Observation", "id": "{{id}}", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3"}], "text": "Potassium"},
         "valueQuantity": {"value": {{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}{{(extra.Length == 0 ? "" : ",")}}
         {{extra}}}
        """;

    private static string Report(string id, params string[] results) => $$"""
        {"resourceType": "DiagnosticReport", "id": "{{id}}", "status": "final", "code": {"text": "Basic metabolic panel"},
         "subject": {"reference": "Patient/p-1"},
         "result": [{{string.Join(", ", results.Select(r => $"{{\"reference\": \"{r}\"}}"))}}]}
        """;
}
