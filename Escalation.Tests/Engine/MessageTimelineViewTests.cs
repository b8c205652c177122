using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Engine;

/// <summary>The recipient of an audited step reaches the timeline as data, never as text a page has to read back.</summary>
[Trait("Category", "Unit")]
public sealed class AuditDetailTests
{
    [Theory]
    [InlineData(null, "u-42", "recipient u-42")]
    [InlineData("Critical via Ehr", "u-42", "Critical via Ehr; recipient u-42")]
    [InlineData("call, attempt 2: busy", "nurse", "call, attempt 2: busy; recipient nurse")]
    [InlineData("Critical via Ehr", null, "Critical via Ehr")]
    public void WithRecipient_ThenSplit_GivesBackTheDetailAndTheRecipient(string? detail, string? recipient, string stored)
    {
        Assert.Equal(stored, AuditDetail.WithRecipient(detail, recipient));
        Assert.Equal((detail, recipient), AuditDetail.Split(stored));
    }

    [Theory]
    [InlineData("before: 3 rows; after: the 5 shipped defaults")]
    [InlineData("the recipient list was empty")]
    public void Split_LeavesADetailThatNamesNoRecipient_AsItIs(string stored) =>
        Assert.Equal((stored, (string?)null), AuditDetail.Split(stored));
}

[Trait("Category", "Sqlite")]
public sealed class MessageTimelineViewTests : IAsyncLifetime
{
    private EngineHarness _harness = default!;

    public async Task InitializeAsync() => _harness = await EngineHarness.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Timeline_NamesTheRecipientOfEachDelivery_AsData_AndKeepsTheRestOfTheDetail()
    {
        var id = await _harness.SendAsync(Tier.Critical);
        Assert.True((await _harness.Engine.ReassignAsync(id, "nurse2", Callers.ChargeNurse("charge", _harness.Unit.Id))).Succeeded);

        await using (var db = _harness.NewContext())
        {
            (await db.Users.FindAsync("nurse"))!.DisplayName = "Nora Patel";
            await db.SaveChangesAsync();
        }

        var view = await new MessageQueries(_harness.Contexts, _harness.Protector).GetAsync(id);

        var delivered = Assert.Single(view!.Events, e => e.Kind == "Delivered" && e.RecipientId == "nurse");
        Assert.Equal("Nora Patel", delivered.RecipientName);
        Assert.DoesNotContain("recipient", delivered.Detail ?? string.Empty, StringComparison.Ordinal);
        var reassigned = Assert.Single(view.Events, e => e.Kind == "Reassigned");
        Assert.Equal("nurse2", reassigned.RecipientId);
        Assert.DoesNotContain(view.Events, e => e.Detail?.Contains("recipient ", StringComparison.Ordinal) == true);
        Assert.Null(Assert.Single(view.Events, e => e.Kind == "Created").RecipientId);
        Assert.Equal(Tier.Critical, view.Tier);
        Assert.Equal(MessageState.Open, view.State);
    }
}
