using System.Collections.Concurrent;
using Escalation.Infrastructure.Telephony.Fake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Escalation.Tests.Support;

/// <summary>One request the fake FHIR server received.</summary>
public sealed record FakeFhirPost(string Method, string Path, string? Authorization, string? ContentType, string? IfNoneExist, string Body);

/// <summary>
/// A source's FHIR server on 127.0.0.1 for write-back tests: it records every request and answers each with the next
/// queued status code (201 Created once the queue is empty).
/// </summary>
public sealed class FakeFhirReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeFhirPost> _requests = new();
    private readonly ConcurrentQueue<int> _answers = new();

    private FakeFhirReceiver(WebApplication app) => _app = app;

    /// <summary>The FHIR base, e.g. http://127.0.0.1:5123/fhir.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<FakeFhirPost> Requests => [.. _requests];

    public static async Task<FakeFhirReceiver> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new FakeFhirReceiver(app);
        app.MapPost("/fhir/{type}", (HttpRequest request) => server.HandleAsync(request));
        var root = await LoopbackWebApp.StartAsync(app, CancellationToken.None);
        server.BaseUrl = new Uri(root, "/fhir");
        return server;
    }

    /// <summary>The status codes the next requests get, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        _requests.Enqueue(new FakeFhirPost(request.Method, request.Path, request.Headers.Authorization.ToString(),
            request.ContentType, request.Headers["If-None-Exist"].ToString(), body));
        var status = _answers.TryDequeue(out var next) ? next : StatusCodes.Status201Created;
        return status == StatusCodes.Status201Created
            ? Results.Text(body, "application/fhir+json", statusCode: status)
            : Results.Text("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}", "application/fhir+json", statusCode: status);
    }
}
