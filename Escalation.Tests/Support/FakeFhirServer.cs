using System.Collections.Concurrent;
using Escalation.Web.DemoTelephony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Escalation.Tests.Support;

/// <summary>
/// A sending system's FHIR server on real HTTP at 127.0.0.1: answers GET [base]/Type/id with the resources a test
/// put there (404 with an OperationOutcome otherwise), records every request with its headers, and can be told to
/// answer a path with HTML, a status, or only after a delay. Its base is <c>http://127.0.0.1:port/fhir</c>.
/// </summary>
public sealed class FakeFhirServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _special = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeFhirRequest> _requests = new();
    private readonly ConcurrentQueue<FakeFhirPost> _posts = new();
    private readonly ConcurrentQueue<int> _postAnswers = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeFhirServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = default!;

    /// <summary>The GETs it answered.</summary>
    public IReadOnlyList<FakeFhirRequest> Requests => [.. _requests];

    /// <summary>The resources POSTed to it (write-back).</summary>
    public IReadOnlyList<FakeFhirPost> Posts => [.. _posts];

    public static async Task<FakeFhirServer> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new FakeFhirServer(app);
        app.MapGet("/fhir/{**path}", (HttpContext context, string path) => server.AnswerAsync(context, path));
        app.MapPost("/fhir/{type}", (HttpRequest request) => server.TakePostAsync(request));
        var root = await LoopbackWebApp.StartAsync(app, CancellationToken.None);
        server.BaseUrl = new Uri(root, "fhir");
        return server;
    }

    /// <summary>Serves <paramref name="json"/> at [base]/<paramref name="path"/> ("Observation/k-1"), instead of any other answer set for it.</summary>
    public FakeFhirServer Put(string path, string json)
    {
        _special.TryRemove(path, out _);
        _resources[path] = json;
        return this;
    }

    public FakeFhirServer Put(string path, byte[] json) => Put(path, Encoding.UTF8.GetString(json).TrimStart('\uFEFF'));

    /// <summary>Answers [base]/<paramref name="path"/> with a status and a body of some media type.</summary>
    public FakeFhirServer Answer(string path, HttpStatusCode status, string body, string mediaType)
    {
        _special[path] = async context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = mediaType;
            await context.Response.WriteAsync(body);
        };
        return this;
    }

    /// <summary>Answers [base]/<paramref name="path"/> only when the server stops (or the client gives up).</summary>
    public FakeFhirServer Hang(string path)
    {
        _special[path] = async context =>
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        return this;
    }

    /// <summary>The status codes the next POSTs get, in order (201 Created, echoing the body, once the queue is empty).</summary>
    public void AnswerNextPosts(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _postAnswers.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(HttpContext context, string path)
    {
        _requests.Enqueue(new FakeFhirRequest(path, context.Request.Headers.Authorization.ToString(), context.Request.Headers.Accept.ToString()));
        if (_special.TryGetValue(path, out var special))
        {
            await special(context);
            return;
        }

        context.Response.ContentType = "application/fhir+json";
        if (_resources.TryGetValue(path, out var json))
        {
            await context.Response.WriteAsync(json);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await context.Response.WriteAsync($$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"No {{path}}"}]}""");
    }

    private async Task<IResult> TakePostAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        _posts.Enqueue(new FakeFhirPost(request.Method, request.Path, request.Headers.Authorization.ToString(),
            request.ContentType, request.Headers["If-None-Exist"].ToString(), body));
        var status = _postAnswers.TryDequeue(out var next) ? next : StatusCodes.Status201Created;
        return status == StatusCodes.Status201Created
            ? Results.Text(body, "application/fhir+json", statusCode: status)
            : Results.Text("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}", "application/fhir+json", statusCode: status);
    }
}
