using System.Diagnostics;
using Npgsql;

namespace Escalation.Tests.Support;

/// <summary>
/// One private PostgreSQL cluster per test run: initdb and pg_ctl in a temp folder, on a free loopback port,
/// as a non-root user (PostgreSQL refuses to run as root). Each test takes a fresh database from it.
/// Stopped and deleted when the test process exits.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _dataDirectory;
    private readonly string _binDirectory;
    private readonly string? _runAs;

    private PostgresServer(string dataDirectory, string binDirectory, string? runAs, int port)
    {
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        _runAs = runAs;
        Port = port;
    }

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Loads a pg_dump archive (custom format) into a database of this cluster.</summary>
    public void Restore(string connectionString, string archive) =>
        Run(Path.Combine(_binDirectory, "pg_restore"),
            ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "--no-owner", "--exit-on-error", "-d", new NpgsqlConnectionStringBuilder(connectionString).Database!, archive], null);

    private static PostgresServer Start()
    {
        var bin = FindBinDirectory();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        RemoveLeftovers(bin, runAs);
        var root = Path.Combine(Path.GetTempPath(), $"escalation-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        if (runAs is not null)
        {
            Run("chown", ["-R", $"{runAs}:", root], null);
        }

        var port = FreePort.Next();
        var server = new PostgresServer(data, bin, runAs, port);
        server.RunPg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        // Every test app keeps its pooled connections (EF and Quartz) until the run ends: with one app per test class
        // and per case, 200 ran out once the security suites arrived ("53300: too many clients").
        server.RunPg("pg_ctl", ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000", "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(root);
        return server;
    }

    /// <summary>
    /// The test host may be killed before its exit handler finishes; a later run removes what such a run left
    /// (a cluster whose owning process is gone), so temp space does not grow run after run.
    /// </summary>
    private static void RemoveLeftovers(string bin, string? runAs)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "escalation-pg-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || ProcessExists(pid))
            {
                continue;
            }

            try
            {
                var data = Path.Combine(folder, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    new PostgresServer(data, bin, runAs, 0).RunPg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Somebody else's folder, or already being removed: not ours to fail on.
            }
        }
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Stop(string root)
    {
        try
        {
            RunPg("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private void RunPg(string tool, string[] arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        if (_runAs is null)
        {
            Run(executable, arguments, null);
        }
        else
        {
            Run("runuser", ["-u", _runAs, "--", executable, .. arguments], null);
        }
    }

    private static void Run(string fileName, IEnumerable<string> arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} did not finish in 120 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
            : Enumerable.Empty<string>();
        var found = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")));
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install the Debian package postgresql.");
    }
}
