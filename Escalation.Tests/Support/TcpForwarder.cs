using System.Net.Sockets;

namespace Escalation.Tests.Support;

/// <summary>
/// The smallest load balancer with sticky sessions: on 127.0.0.1 at a free port, each new connection goes to the
/// first backend that accepts it, in the order given. While the first node lives every connection (page, circuit,
/// reconnect) reaches it; once it is dead, its port refuses and everything lands on the next. When a backend
/// drops a connection the browser's side is closed too, as a real balancer does.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyList<int> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    public TcpForwarder(params int[] backendPorts)
    {
        _backends = backendPorts;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>localhost, not 127.0.0.1, as the browser tests use (a secure context for the browser).</summary>
    public string BaseUrl => $"http://localhost:{Port}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        Track(client);
        TcpClient? backend = null;
        foreach (var port in _backends)
        {
            var candidate = new TcpClient();
            try
            {
                await candidate.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                backend = candidate;
                break;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                candidate.Dispose();
            }
        }

        if (backend is null)
        {
            client.Dispose();
            return;
        }

        Track(backend);
        using (client)
        using (backend)
        {
            var up = Pipe(client.GetStream(), backend.GetStream());
            var down = Pipe(backend.GetStream(), client.GetStream());
            // Either direction ending (the node died, the browser left) ends the pair.
            await Task.WhenAny(up, down);
        }
    }

    private async Task Pipe(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void Track(TcpClient client)
    {
        lock (_open)
        {
            _open.Add(client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}
