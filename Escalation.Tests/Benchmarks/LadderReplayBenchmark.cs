using System.Diagnostics;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Ladders;
using Xunit.Abstractions;

namespace Escalation.Tests.Benchmarks;

/// <summary>
/// "Replay the last 30 days" over 10,000 Critical messages of one unit (issue 19: within 5 s), with 12-hour nurse
/// shifts changing hands twice a day. One warm-up replay, then three timed; prints each and the median.
/// </summary>
public abstract class LadderReplayBenchmark(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 10_000;
    private EngineHarness _harness = default!;

    public async Task InitializeAsync() => _harness = await EngineHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Replay10000Messages()
    {
        _harness.Clock.Advance(TimeSpan.FromDays(31));
        var now = _harness.Clock.GetUtcNow();
        var since = now - LadderReplays.Period;
        await _harness.UnassignAllAsync(ClinicalRoleKind.PrimaryNurse);
        for (var shift = 0; shift < 62; shift++)
        {
            var starts = since.AddHours(-12 + (12 * shift));
            await _harness.AssignAsync(shift % 2 == 0 ? "nurse" : "nurse2", ClinicalRoleKind.PrimaryNurse, starts, starts.AddHours(12));
        }

        Guid critical;
        await using (var db = _harness.NewContext())
        {
            critical = await db.Ladders.Where(l => l.IsCurrent && l.Name == Ladder.Defaults.CriticalName).Select(l => l.FamilyId).SingleAsync();
        }

        // Acknowledged after 1 to 24 minutes, one in a hundred after an hour (exhausted, re-paging); the last few still open.
        var random = new Random(19);
        var step = (now - since - TimeSpan.FromMinutes(30)) / Messages;
        var history = Enumerable.Range(0, Messages)
            .Select(i => new ReplayHistory.Past(since + (step * i) + TimeSpan.FromSeconds(random.Next(0, 60)),
                i >= Messages - 3 ? null : TimeSpan.FromSeconds(i % 100 == 0 ? 3600 : random.Next(60, 1440))))
            .ToList();
        var seeding = Stopwatch.StartNew();
        await ReplayHistory.SeedAsync(_harness.Contexts, _harness.Unit.Id, critical, _harness.Protector, _harness.Options.RepageInterval, now, history);
        seeding.Stop();

        var replays = new LadderReplays(_harness.Contexts, _harness.Clock, _harness.Options);
        var admin = new Caller("admin", PersonaRole.Administrator, null);
        Layer[] draft = [new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(5), Channels.Inbox), .. Ladder.Defaults.Critical.Skip(1)];
        var warm = await replays.ReplayAsync(admin, critical, _harness.Unit.Id.Value, draft);
        Assert.Equal(Messages, warm.Outcome.Messages);

        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var view = await replays.ReplayAsync(admin, critical, _harness.Unit.Id.Value, draft);
            clock.Stop();
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(warm.Outcome, view.Outcome with { }, new OutcomeComparer());
        }

        times.Sort();
        var report = $"ladder replay, {provider}, {Messages} messages: runs {string.Join(", ", times.Select(t => $"{t:0} ms"))}, median {times[1]:0} ms "
            + $"(seeded in {seeding.Elapsed.TotalSeconds:0.0} s; layers really {string.Join("/", warm.Outcome.RealReached)}, draft {string.Join("/", warm.Outcome.DraftReached)})";
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.True(times[1] < 5000, report);
    }

    /// <summary>Two replays of the same history agree on every count (the records hold lists, compared by content here).</summary>
    private sealed class OutcomeComparer : IEqualityComparer<ReplayOutcome>
    {
        public bool Equals(ReplayOutcome? x, ReplayOutcome? y) =>
            x is not null && y is not null && x.Messages == y.Messages && x.RealReached.SequenceEqual(y.RealReached) && x.DraftReached.SequenceEqual(y.DraftReached)
            && x.RealLayer4 == y.RealLayer4 && x.DraftLayer4 == y.DraftLayer4 && x.People.SequenceEqual(y.People) && x.Changes.SequenceEqual(y.Changes);

        public int GetHashCode(ReplayOutcome obj) => obj.Messages;
    }
}

[Trait("Category", "Benchmark")]
public sealed class SqliteLadderReplayBenchmark(ITestOutputHelper output) : LadderReplayBenchmark(DatabaseProvider.Sqlite, output);

[Trait("Category", "Benchmark")]
public sealed class PostgresLadderReplayBenchmark(ITestOutputHelper output) : LadderReplayBenchmark(DatabaseProvider.Postgres, output);
