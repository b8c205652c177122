using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// The HL7 v2 listener: MLLP over TCP (TLS when a certificate is configured), one task per connection, each message
/// answered on its connection in order. Nothing one client does reaches another: each connection has its own
/// frame reader with a size limit, its own idle timeout on the app's clock, and its own failures; at most
/// <see cref="Hl7v2Options.MaxConnections"/> are served at once.
/// </summary>
public sealed class MllpListener(Hl7ResultIntake intake, Hl7v2Options options, TimeProvider clock, ILogger<MllpListener> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextConnection;

    /// <summary>Where the listener listens, once it does (the port a test asked for).</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var certificate = string.IsNullOrWhiteSpace(options.CertificatePath) ? null : X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        var listener = new TcpListener(IPAddress.Parse(options.Address), options.Port!.Value);
        listener.Start();
        _listening.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        logger.LogInformation("HL7 v2 listener for source {Source} on {Endpoint}{Tls}", options.SourceName, listener.LocalEndpoint, certificate is null ? "" : " (TLS)");
        using var slots = new SemaphoreSlim(options.MaxConnections);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException exception)
                {
                    logger.LogWarning(exception, "HL7 v2 listener: accept failed");
                    continue;
                }

                if (!slots.Wait(0))
                {
                    logger.LogWarning("HL7 v2 listener: {Max} connections already open; a new one was closed", options.MaxConnections);
                    client.Dispose();
                    continue;
                }

                // Armed here, before the next accept, so the timeout runs from the moment the connection is taken.
                var idle = new CancellationTokenSource(options.IdleTimeout, clock);
                var id = Interlocked.Increment(ref _nextConnection);
                _connections[id] = Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(client, idle, certificate, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                        _connections.TryRemove(id, out _);
                    }
                }, CancellationToken.None);
            }
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(_connections.Values);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationTokenSource idle, X509Certificate2? certificate, CancellationToken stoppingToken)
    {
        using var owned = client;
        using var idleOwned = idle;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, idle.Token);
        var endpoint = client.Client.RemoteEndPoint;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var frames = new MllpFrameReader(options.MaxFrameBytes);
        try
        {
            Stream stream = client.GetStream();
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, linked.Token);
                stream = tls;
            }

            await using var owningStream = stream;
            while (true)
            {
                var read = await stream.ReadAsync(buffer, linked.Token);
                if (read == 0)
                {
                    break;
                }

                foreach (var frame in frames.Feed(buffer.AsSpan(0, read)))
                {
                    // Not idle while we work: the timeout is for the client's silence, not ours.
                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    var reply = frame.IsOversized
                        ? await intake.RefuseOversizedAsync(frame.Content, frame.Length, stoppingToken)
                        : await intake.ReceiveAsync(frame.Content, stoppingToken);
                    idle.CancelAfter(options.IdleTimeout);
                    await stream.WriteAsync(Framed(reply.Ack), linked.Token);
                }

                idle.CancelAfter(options.IdleTimeout);
            }

            if (frames.InFrame)
            {
                logger.LogWarning("HL7 v2 connection from {Endpoint} closed in the middle of a frame; the sender resends what was not acknowledged", endpoint);
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("HL7 v2 connection from {Endpoint} closed: nothing received for {Timeout}", endpoint, options.IdleTimeout);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            logger.LogInformation("HL7 v2 connection from {Endpoint} ended: {Error}", endpoint, exception.GetType().Name);
        }
        catch (Exception exception)
        {
            // Our own failure (the database gone): no ACK, so the sender resends; the connection goes, the listener stays.
            logger.LogError(exception, "HL7 v2 connection from {Endpoint}: a message could not be processed; closed without an ACK so that it is resent", endpoint);
        }
        finally
        {
            if (frames.Abandoned > 0)
            {
                logger.LogWarning("HL7 v2 connection from {Endpoint}: {Count} frame(s) without their end bytes were abandoned", endpoint, frames.Abandoned);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An ACK in its MLLP frame.</summary>
    public static byte[] Framed(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = new byte[Encoding.UTF8.GetByteCount(message) + 3];
        bytes[0] = MllpFrameReader.Start;
        Encoding.UTF8.GetBytes(message, bytes.AsSpan(1));
        bytes[^2] = MllpFrameReader.End;
        bytes[^1] = MllpFrameReader.Return;
        return bytes;
    }
}
