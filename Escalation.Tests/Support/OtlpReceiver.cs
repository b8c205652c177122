using System.Collections.Concurrent;

namespace Escalation.Tests.Support;

/// <summary>
/// A stand-in OpenTelemetry collector on 127.0.0.1: accepts OTLP HTTP/protobuf on /v1/metrics, /v1/traces and /v1/logs
/// and keeps every body as sent. The OTLP protobuf types are not in our feed, so <see cref="Spans"/> walks the protobuf
/// wire format itself for the few fields a test needs; everything else is checked as bytes.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly LoopbackServer _server;

    public OtlpReceiver() => _server = new LoopbackServer(ReceiveAsync);

    public int Port => _server.Port;

    public string Endpoint => _server.BaseUrl;

    /// <summary>(path, body) of every export received.</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public IEnumerable<byte[]> Bodies(string path) => Received.Where(r => r.Path == path).Select(r => r.Body);

    /// <summary>Every span of every /v1/traces export: TracesData.resource_spans(1).scope_spans(2).spans(2), then trace_id(1), name(5).</summary>
    public IReadOnlyList<(byte[] TraceId, string Name)> Spans() =>
        Bodies("/v1/traces")
            .SelectMany(body => Fields(body, 1)).SelectMany(rs => Fields(rs, 2)).SelectMany(ss => Fields(ss, 2))
            .Select(span => (Fields(span, 1).Single(), System.Text.Encoding.UTF8.GetString(Fields(span, 5).Single())))
            .ToList();

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of one protobuf message.</summary>
    public static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    Varint(message, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    if (field == number)
                    {
                        found.Add(message[at..(at + length)]);
                    }

                    at += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} at {at}");
            }
        }

        return found;
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private async Task ReceiveAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        Received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }

    public void Dispose() => _server.Dispose();
}
