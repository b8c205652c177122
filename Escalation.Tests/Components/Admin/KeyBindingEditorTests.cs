using Bunit;
using Escalation.Infrastructure.Integrations;
using Escalation.Web.Components.Pages.Admin;

namespace Escalation.Tests.Components.Admin;

[Trait("Category", "Unit")]
public sealed class KeyBindingEditorTests : ComponentTestContext
{
    private static readonly Guid Rota = Guid.NewGuid();
    private static readonly Guid Cardiology = Guid.NewGuid();
    private static readonly Guid Emergency = Guid.NewGuid();

    private static readonly BindingChoices Choices = new([(Rota, "Main rota")], [(Cardiology, "CARD", "Cardiology"), (Emergency, "ED", "Emergency")]);

    [Fact]
    public void TheEditor_TicksWhatTheKeyFeedsNow()
    {
        var editor = RenderEditor(Key(new KeyBinding([Rota], "lab-1", [Emergency])));

        Assert.True(Checkbox(editor, "binding-sources", "Main rota").HasAttribute("checked"));
        Assert.False(Checkbox(editor, "binding-practices", "CARD Cardiology").HasAttribute("checked"));
        Assert.True(Checkbox(editor, "binding-practices", "ED Emergency").HasAttribute("checked"));
        Assert.Equal("lab-1", editor.Find("input[data-testid=binding-fhir]").GetAttribute("value"));
        Assert.Contains("What “Cardiology answering” may feed", editor.Markup);
    }

    [Fact]
    public void TickingAPractice_AndSaving_HandsThePageTheNewBinding()
    {
        KeyBinding? saved = null;
        var editor = RenderEditor(Key(new KeyBinding([], null, [])), binding => saved = binding);

        Checkbox(editor, "binding-practices", "CARD Cardiology").Change(true);
        editor.Find("[data-testid=binding-save]").Click();

        Assert.NotNull(saved);
        Assert.Equal([Cardiology], saved.Practices);
        Assert.Empty(saved.ScheduleSources);
        Assert.Null(saved.FhirSource);
    }

    [Fact]
    public void UntickingAndABlankFhirSource_LeaveTheKeyFeedingNothing()
    {
        KeyBinding? saved = null;
        var editor = RenderEditor(Key(new KeyBinding([Rota], "lab-1", [Emergency])), binding => saved = binding);

        Checkbox(editor, "binding-sources", "Main rota").Change(false);
        Checkbox(editor, "binding-practices", "ED Emergency").Change(false);
        editor.Find("input[data-testid=binding-fhir]").Change("   ");
        editor.Find("[data-testid=binding-save]").Click();

        Assert.True(saved!.IsEmpty);
    }

    [Fact]
    public void WhatAKeyFeeds_IsSaidWithTheNamesPeopleKnow()
    {
        Assert.Equal("nothing", KeyBindingText.Describe(new KeyBinding([], null, []), Choices));
        Assert.Equal("schedule Main rota; FHIR as lab-1; practices CARD, ED", KeyBindingText.Describe(new KeyBinding([Rota], "lab-1", [Emergency, Cardiology]), Choices));
        Assert.Equal("practices CARD", KeyBindingText.Describe(new KeyBinding([], null, [Cardiology]), Choices));
    }

    private static ApiKeyView Key(KeyBinding binding) =>
        new(Guid.NewGuid(), "Cardiology answering", "acme-answering", "esk_ab12", "admin", DateTimeOffset.UnixEpoch, null, true, binding);

    private IRenderedComponent<KeyBindingEditor> RenderEditor(ApiKeyView key, Action<KeyBinding>? onSave = null) =>
        Render<KeyBindingEditor>(p => p.Add(e => e.Key, key).Add(e => e.Choices, Choices).Add(e => e.OnSave, binding => onSave?.Invoke(binding)));

    private static AngleSharp.Dom.IElement Checkbox(IRenderedComponent<KeyBindingEditor> editor, string group, string label) =>
        editor.FindAll($"[data-testid={group}] label").Single(l => l.TextContent.Trim() == label).QuerySelector("input[type=checkbox]")!;
}
