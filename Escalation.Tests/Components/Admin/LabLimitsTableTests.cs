using Bunit;
using Escalation.Infrastructure.LabResults;
using Escalation.Web.Components.Pages.Admin;

namespace Escalation.Tests.Components.Admin;

[Trait("Category", "Unit")]
public sealed class LabLimitsTableTests : ComponentTestContext
{
    [Fact]
    public void EachLimit_ShowsItsBounds_AndWhenItWasLastChangedInTheOrganisationsTime()
    {
        var changed = LabLimitTableEditorTests.Potassium with { UpdatedBy = "admin", UpdatedAt = new DateTimeOffset(2026, 12, 3, 19, 5, 0, TimeSpan.Zero) };
        var table = RenderTable(Editor(changed, LabLimitTableEditorTests.Sodium));

        var potassium = Row(table, "Potassium");
        Assert.Equal("6.2", potassium.QuerySelector("[data-testid=critical-high]")!.TextContent);
        Assert.Contains("3.5 – 5.1", potassium.TextContent);
        Assert.Contains("Thu 3 Dec 14:05", potassium.TextContent);
        Assert.DoesNotContain("UTC", potassium.TextContent);
        Assert.Contains("shipped", Row(table, "Sodium").TextContent);
        Assert.Contains("lab's range", Row(table, "Sodium").TextContent);
    }

    [Fact]
    public void Edit_OpensTheRowAsInputs_AndTypingChangesTheDraftOnly()
    {
        var editor = Editor(LabLimitTableEditorTests.Potassium, LabLimitTableEditorTests.Sodium);
        var table = RenderTable(editor);

        Row(table, "Potassium").QuerySelector("[data-testid=limit-edit]")!.Click();

        var high = table.Find("input[data-testid=edit-critical-high]");
        Assert.Equal("6.2", high.GetAttribute("value"));
        high.Change("6.5");
        Assert.Equal(6.5, editor.Draft!.CriticalHigh);
        Assert.Equal(6.2, editor.Rows.Single(r => r.Display == "Potassium").CriticalHigh);
        // While one row is open, no other can be edited or deleted.
        Assert.All(table.FindAll("[data-testid=limit-edit], [data-testid=limit-delete]"), b => Assert.True(b.HasAttribute("disabled")));
    }

    [Fact]
    public void Cancel_ShowsTheSavedValuesAgain()
    {
        var editor = Editor(LabLimitTableEditorTests.Potassium);
        var table = RenderTable(editor);
        Row(table, "Potassium").QuerySelector("[data-testid=limit-edit]")!.Click();
        table.Find("input[data-testid=edit-critical-high]").Change("9");

        table.Find("[data-testid=limit-cancel]").Click();

        Assert.Empty(table.FindAll("input[data-testid=edit-critical-high]"));
        Assert.Equal("6.2", Row(table, "Potassium").QuerySelector("[data-testid=critical-high]")!.TextContent);
    }

    [Fact]
    public void Save_HandsThePageTheDraftAsTyped()
    {
        LabLimitRow? saved = null;
        var editor = Editor(LabLimitTableEditorTests.Potassium);
        var table = RenderTable(editor, onSave: row => saved = row);
        Row(table, "Potassium").QuerySelector("[data-testid=limit-edit]")!.Click();
        table.Find("input[data-testid=edit-critical-low]").Change("3");

        table.Find("[data-testid=limit-save]").Click();

        Assert.NotNull(saved);
        Assert.Equal((3.0, 6.2, "Potassium"), (saved.CriticalLow!.Value, saved.CriticalHigh!.Value, saved.Display!));
    }

    [Fact]
    public void Delete_NamesTheRowToThePage()
    {
        LabLimitRow? deleted = null;
        var table = RenderTable(Editor(LabLimitTableEditorTests.Potassium, LabLimitTableEditorTests.Sodium), onDelete: row => deleted = row);

        Row(table, "Sodium").QuerySelector("[data-testid=limit-delete]")!.Click();

        Assert.Equal("Sodium (2951-2, mmol/L)", deleted?.Title);
    }

    [Fact]
    public void EveryLimit_IsOnOnePage_EvenBeyondTen()
    {
        var views = Enumerable.Range(1, 14).Select(i => LabLimitTableEditorTests.Sodium with { Id = Guid.NewGuid(), Display = $"Analyte {i:00}" }).ToArray();

        var table = RenderTable(Editor(views));

        Assert.Equal(14, table.FindAll("tbody tr").Count);
    }

    private static LabLimitTableEditor Editor(params LabLimitView[] views)
    {
        var editor = new LabLimitTableEditor();
        editor.Load(views);
        return editor;
    }

    private IRenderedComponent<LabLimitsTable> RenderTable(LabLimitTableEditor editor, Action<LabLimitRow>? onSave = null, Action<LabLimitRow>? onDelete = null) =>
        Render<LabLimitsTable>(p => p
            .Add(t => t.Editor, editor)
            .Add(t => t.Zone, Zones.NewYork)
            .Add(t => t.OnSave, row => onSave?.Invoke(row))
            .Add(t => t.OnDelete, row => onDelete?.Invoke(row)));

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<LabLimitsTable> table, string analyte) =>
        table.FindAll("tbody tr").Single(r => r.TextContent.Contains(analyte, StringComparison.Ordinal));
}
