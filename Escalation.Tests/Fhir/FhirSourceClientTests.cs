using Escalation.Infrastructure.Fhir;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Escalation.Tests.Fhir;

/// <summary>
/// The HTTP <see cref="FhirSourceFetch"/> against a fake FHIR server on real HTTP at 127.0.0.1, registered as the app
/// registers it (<see cref="FhirSourcesServiceCollectionExtensions.AddFhirSources"/>), with every log line kept.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FhirSourceClientTests : IAsyncLifetime
{
    private const string Token = "s3cret-source-token-4711";

    private readonly LogLines _logs = new();
    private FakeFhirServer _fake = default!;
    private ServiceProvider? _services;
    private FhirSourceClient _client = default!;
    private FhirSourceOptions _source = default!;

    public async Task InitializeAsync()
    {
        _fake = await FakeFhirServer.StartAsync();
        // Generous for every answer that comes: a loaded CI machine once took over a second for the first request,
        // which a 1 s timeout turned into a 504. Only the hanging-source test uses a short one.
        UseFetchTimeout("00:00:30");
        _source = new FhirSourceOptions { Name = "lab", BaseUrl = _fake.BaseUrl, BearerToken = Token };
    }

    private void UseFetchTimeout(string timeout)
    {
        _services?.Dispose();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fhir:FetchTimeout"] = timeout }).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddFhirSources(configuration.GetSection("Fhir"));
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<FhirSourceClient>();
    }

    public async Task DisposeAsync()
    {
        await _services!.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Get_AsksForFhirJson_WithTheSourcesBearerToken_AndNeverLogsTheToken()
    {
        _fake.Put("Observation/f001", FhirCorpus.Bytes("hl7-r4-observation-f001-glucose.json"));

        var relative = await _client.GetAsync(_source, "Observation/f001", CancellationToken.None);
        var absolute = await _client.GetAsync(_source, $"{_fake.BaseUrl}/Observation/f001", CancellationToken.None);

        Assert.Equal(("Observation", "f001"), (relative!.TypeName, relative.Id));
        Assert.Equal("f001", absolute!.Id);
        Assert.All(_fake.Requests, r => Assert.Equal(("Observation/f001", $"Bearer {Token}", "application/fhir+json"), (r.Path, r.Authorization, r.Accept)));
        Assert.Contains(_logs.Lines, l => l.Contains("Observation/f001", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_NotFound_IsNull()
    {
        Assert.Null(await _client.GetAsync(_source, "Observation/nope", CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "<html><body>Sign in</body></html>", "text/html", 502, "exception")]
    [InlineData(HttpStatusCode.OK, "{\"resourceType\": \"Observation\"", "application/fhir+json", 502, "exception")]
    [InlineData(HttpStatusCode.InternalServerError, "{}", "application/json", 502, "transient")]
    [InlineData(HttpStatusCode.Unauthorized, "{}", "application/json", 502, "transient")]
    [InlineData(HttpStatusCode.Found, "", "text/plain", 502, "transient")]
    public async Task Get_AnswerThatIsNotAFhirResource_IsABadGateway(HttpStatusCode status, string body, string mediaType, int expected, string code)
    {
        _fake.Answer("Observation/odd", status, body, mediaType);

        var failure = await Assert.ThrowsAsync<FhirSourceException>(() => _client.GetAsync(_source, "Observation/odd", CancellationToken.None));

        Assert.Equal((expected, code), (failure.Status, failure.Issue.Code));
        Assert.Single(_fake.Requests); // a redirect is not followed: the token stays with the source
    }

    [Fact]
    public async Task Get_SourceThatDoesNotAnswerInTime_IsAGatewayTimeout()
    {
        _fake.Hang("Observation/slow");
        UseFetchTimeout("00:00:01");

        var failure = await Assert.ThrowsAsync<FhirSourceException>(() => _client.GetAsync(_source, "Observation/slow", CancellationToken.None));

        Assert.Equal((504, "timeout"), (failure.Status, failure.Issue.Code));
    }

    [Fact]
    public async Task Get_SourceThatCannotBeReached_IsABadGateway()
    {
        var closed = new FhirSourceOptions { Name = "down", BaseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/fhir") };

        var failure = await Assert.ThrowsAsync<FhirSourceException>(() => _client.GetAsync(closed, "Observation/1", CancellationToken.None));

        Assert.Equal((502, "transient"), (failure.Status, failure.Issue.Code));
    }

    [Theory]
    [InlineData("https://elsewhere.example/fhir/Observation/1")]
    [InlineData("Observation/../../admin")]
    public async Task Get_OutsideTheSourcesBase_IsRefused_WithoutARequest(string reference)
    {
        var failure = await Assert.ThrowsAsync<FhirSourceException>(() => _client.GetAsync(_source, reference, CancellationToken.None));

        Assert.Equal(422, failure.Status);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public void UrlOf_WithoutABaseUrl_IsRefused()
    {
        var failure = Assert.Throws<FhirSourceException>(() => FhirSourceClient.UrlOf(new FhirSourceOptions { Name = "lab" }, "Observation/1"));

        Assert.Equal((422, "not-found"), (failure.Status, failure.Issue.Code));
        Assert.Contains("'lab' has no FHIR base URL", failure.Issue.Diagnostics);
    }

    [Fact]
    public async Task DiagnosticReportReader_FetchesTheResultsThePayloadLacks_ThroughTheSourceFetch()
    {
        // The HL7 blood exam report refers to five results; the source has the first one.
        _fake.Put("Observation/f001", FhirCorpus.Bytes("hl7-r4-observation-f001-glucose.json"));
        var bundle = FhirCorpus.Parse("hl7-r4-diagnosticreport-f001-bloodexam.json");
        var resolver = new PayloadResourceResolver(bundle);
        var report = resolver.Resources.Single(r => r.TypeName == "DiagnosticReport");

        var read = await DiagnosticReportReader.ReadAsync(report, resolver, _fake.BaseUrl, _client.For(_source), CancellationToken.None);

        Assert.Equal("f001", Assert.Single(read.Results).Id);
        Assert.Equal(["Observation/f002", "Observation/f003", "Observation/f004", "Observation/f005"], read.UnresolvedReferences);
    }

    [Fact]
    public void AddFhirSources_RefusesATimeoutOutsideOneSecondToTwoMinutes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fhir:FetchTimeout"] = "00:05:00" }).Build();

        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFhirSources(configuration.GetSection("Fhir")));
    }

    /// <summary>Every line any logger writes, at every level, with its structured values.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogLines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lock (owner._lines)
                {
                    owner._lines.Add($"{category} {logLevel}: {formatter(state, exception)} [{values}] {exception}");
                }
            }
        }
    }
}
