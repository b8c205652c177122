using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Engine;

/// <summary>Each Layer-4 activation opens one review, due within 24 hours; compliance closes it with findings.</summary>
public abstract class NearMissReviewTests(DatabaseProvider provider) : EngineTest(provider)
{
    private NearMissReviewAdministration _reviews = default!;

    protected override Task StartedAsync()
    {
        _reviews = new NearMissReviewAdministration(Harness.Contexts, Harness.Clock);
        return Task.CompletedTask;
    }

    private async Task<MessageId> ClimbToLayer4Async()
    {
        var id = await Harness.SendAsync(Tier.Critical);
        for (var i = 0; i < 3; i++)
        {
            await Harness.ReachDeadlineAsync(id);
        }

        Assert.Equal(4, (await Harness.LoadAsync(id)).CurrentLayer);
        return id;
    }

    [Fact]
    public async Task Layer4Activation_OpensOneReviewDueIn24Hours_WhateverRepagesFollow()
    {
        var id = await ClimbToLayer4Async();
        var activatedAt = Harness.Clock.GetUtcNow();
        await Harness.ReachDeadlineAsync(id); // the last layer times out: exhausted, re-paged
        await Harness.ReachDeadlineAsync(id); // re-paged again

        var review = Assert.Single(await _reviews.ListAsync(openOnly: true));
        Assert.Equal((id.Value, activatedAt, activatedAt.AddHours(24), false), (review.MessageId, review.OpenedAt, review.DueAt, review.IsOverdue));
    }

    [Fact]
    public async Task Review_IsOverdueAfter24Hours_AndClosesOnlyWithFindings_Audited()
    {
        await ClimbToLayer4Async();
        var review = Assert.Single(await _reviews.ListAsync(openOnly: true));

        Harness.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await _reviews.OverdueCountAsync());
        Harness.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await _reviews.OverdueCountAsync());

        Assert.Equal("invalid", (await _reviews.CloseAsync(review.Id, "  ", "compliance")).Code);
        Assert.True((await _reviews.CloseAsync(review.Id, "Charge nurse was in a resuscitation; roster had no backup.", "compliance")).Succeeded);
        Assert.Equal("invalid", (await _reviews.CloseAsync(review.Id, "again", "compliance")).Code);

        Assert.Empty(await _reviews.ListAsync(openOnly: true));
        Assert.Equal(0, await _reviews.OverdueCountAsync());
        await using var db = Harness.NewContext();
        var audit = await db.AuditEntries.SingleAsync(e => e.Kind == "NearMissReviewClosed");
        Assert.Equal("compliance", audit.Actor);
        Assert.StartsWith("late, findings: Charge nurse", audit.Detail);
    }

    [Fact]
    public async Task Drill_ReachingLayer4_OpensNoReview()
    {
        Guid drillLadder;
        await using (var db = Harness.NewContext())
        {
            drillLadder = await db.Ladders.Where(l => l.IsCurrent && l.Name == "Drill (fast)").Select(l => l.FamilyId).SingleAsync();
        }

        var id = (await Harness.Engine.SendAsync(new SendMessage(Tier.Critical, "Drill", "drill", null, Harness.Unit.Id.Value, null, drillLadder, MessageSource.Drill, null, false), "admin")).Id;
        for (var i = 0; i < 3; i++)
        {
            await Harness.ReachDeadlineAsync(id);
        }

        Assert.Equal(4, (await Harness.LoadAsync(id)).CurrentLayer);
        Assert.Empty(await _reviews.ListAsync(openOnly: false));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteNearMissReviewTests() : NearMissReviewTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresNearMissReviewTests() : NearMissReviewTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerNearMissReviewTests() : NearMissReviewTests(DatabaseProvider.SqlServer);
