using Escalation.Infrastructure.LabResults;
using Escalation.Web.Components.Pages.Admin;

namespace Escalation.Tests.Components.Admin;

[Trait("Category", "Unit")]
public sealed class LabLimitTableEditorTests
{
    internal static readonly LabLimitView Potassium = new(Guid.Parse("00000000-0000-0000-0008-000000000001"), "2823-3", "mmol/L", "Potassium", 2.8m, 6.2m, 3.5m, 5.1m, true, null, null);
    internal static readonly LabLimitView Sodium = new(Guid.Parse("00000000-0000-0000-0008-000000000002"), "2951-2", "mmol/L", "Sodium", 120m, 160m, null, null, true, null, null);

    [Fact]
    public void EditingARow_WorksOnACopy_SoCancelLeavesTheSavedValues()
    {
        var editor = new LabLimitTableEditor();
        editor.Load([Potassium, Sodium]);
        var potassium = editor.Rows[0];

        Assert.True(editor.BeginEdit(potassium));
        editor.DraftFor(potassium)!.CriticalHigh = 7;
        editor.Cancel();

        Assert.Equal(6.2, editor.Rows[0].CriticalHigh);
        Assert.Null(editor.DraftFor(potassium));
        Assert.False(editor.IsEditing);
    }

    [Fact]
    public void OnlyOneRow_IsOpenAtATime()
    {
        var editor = new LabLimitTableEditor();
        editor.Load([Potassium, Sodium]);

        Assert.True(editor.BeginEdit(editor.Rows[0]));
        Assert.False(editor.BeginEdit(editor.Rows[1]));
        Assert.False(editor.BeginAdd());
        Assert.Null(editor.DraftFor(editor.Rows[1]));
    }

    [Fact]
    public void AddingALimit_OpensAnEmptyEnabledRowAtTheTop_ThatCancelRemoves()
    {
        var editor = new LabLimitTableEditor();
        editor.Load([Potassium, Sodium]);

        Assert.True(editor.BeginAdd());

        Assert.Equal(3, editor.Rows.Count);
        var draft = editor.Rows[0];
        Assert.True(draft.IsNew);
        Assert.True(draft.Enabled);
        Assert.Same(draft, editor.DraftFor(draft));
        editor.Cancel();
        Assert.Equal(["Potassium", "Sodium"], editor.Rows.Select(r => r.Display));
    }

    [Fact]
    public void ARefusedSave_KeepsTheDraftOpenWithWhatWasTyped_EvenWhenTheTableIsReadAgain()
    {
        var editor = new LabLimitTableEditor();
        editor.Load([Potassium, Sodium]);
        editor.BeginEdit(editor.Rows[0]);
        editor.Draft!.CriticalLow = 7;

        editor.Load([Potassium, Sodium]);

        Assert.Equal(7, editor.DraftFor(editor.Rows[0])!.CriticalLow);
    }

    [Fact]
    public void AnAcceptedSave_ClosesTheDraft_AndShowsTheTableAsSaved()
    {
        var editor = new LabLimitTableEditor();
        editor.Load([Potassium, Sodium]);
        editor.BeginEdit(editor.Rows[0]);
        editor.Draft!.CriticalHigh = 6.5;

        editor.Saved([Potassium with { CriticalHigh = 6.5m }, Sodium]);

        Assert.False(editor.IsEditing);
        Assert.Equal(6.5, editor.Rows[0].CriticalHigh);
    }

    [Theory]
    [InlineData(null, null, "lab's range")]
    [InlineData(3.5, null, "≥ 3.5")]
    [InlineData(null, 5.1, "≤ 5.1")]
    [InlineData(3.5, 5.1, "3.5 – 5.1")]
    public void TheAbnormalRange_IsSaidInWords(double? low, double? high, string expected) =>
        Assert.Equal(expected, new LabLimitRow { AbnormalLow = low, AbnormalHigh = high }.AbnormalRange);
}
