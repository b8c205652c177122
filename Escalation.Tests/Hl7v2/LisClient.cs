using System.Net.Sockets;
using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>A laboratory system's end of an MLLP connection: sends framed messages, reads framed ACKs.</summary>
public sealed class LisClient : IAsyncDisposable
{
    /// <summary>Generous: an ACK takes milliseconds; this only stops a broken test from hanging.</summary>
    private static readonly TimeSpan AckLimit = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly MllpFrameReader _frames = new(16 * 1024 * 1024);
    private readonly Queue<MllpFrame> _received = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    private LisClient(TcpClient client)
    {
        _client = client;
    }

    public NetworkStream Stream => _client.GetStream();

    public static async Task<LisClient> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new LisClient(client);
    }

    public async Task<Hl7Message> SendAsync(string message)
    {
        await WriteAsync(Hl7v2Corpus.Frame(message));
        return await ReadAckAsync();
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    public async Task<Hl7Message> ReadAckAsync()
    {
        while (_received.Count == 0)
        {
            var read = await Stream.ReadAsync(_buffer).AsTask().WaitAsync(AckLimit);
            Assert.True(read > 0, "The listener closed the connection instead of acknowledging.");
            foreach (var frame in _frames.Feed(_buffer.AsSpan(0, read)))
            {
                _received.Enqueue(frame);
            }
        }

        return Hl7Parser.Parse(Encoding.UTF8.GetString(_received.Dequeue().Content));
    }

    /// <summary>Whether the listener closes this connection within the limit: reads (a TLS alert, say) until the end or a reset.</summary>
    public async Task<bool> ClosedByListenerAsync(TimeSpan limit)
    {
        var giveUpAt = DateTime.UtcNow + limit;
        try
        {
            while (await Stream.ReadAsync(_buffer).AsTask().WaitAsync(giveUpAt - DateTime.UtcNow) > 0)
            {
            }

            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // the limit passed between two reads
        }
        catch (IOException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
