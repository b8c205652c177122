using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using Entry = Escalation.Infrastructure.Engine.InboxItem;

namespace Escalation.Web.Components.Pages.Inbox;

/// <summary>
/// A person's messages, live: open ones first, the one they opened in full above the list. Opening records a
/// read and never acknowledges; acknowledging, replying and closing go through the engine and its rules.
/// </summary>
public sealed partial class Inbox : IDisposable
{
    private static readonly (string Text, CloseOutcome Value)[] Outcomes =
        [.. Enum.GetValues<CloseOutcome>().Select(o => (InboxText.Outcome(o), o))];

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private InboxQueries InboxReads { get; set; } = default!;

    [Inject] private MessageQueries Messages { get; set; } = default!;

    [Inject] private EscalationEngine Engine { get; set; } = default!;

    [Inject] private MessageAccess Access { get; set; } = default!;

    [Inject] private EngineNotifier Notifier { get; set; } = default!;

    [Inject] private MessageReplies Replies { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    private string _me = string.Empty;
    private IReadOnlyList<Entry> _items = [];
    private MessageView? _selected;
    private int _openCount;
    private CloseOutcome _outcome = CloseOutcome.ActionTaken;
    private string? _note;
    private string? _reply;
    private IReadOnlyList<ReplyView> _thread = [];
    private string? _error;
    private IDisposable? _subscription;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string _notifications = "unsupported";
    private HashSet<Guid> _known = [];
    private bool _loadedOnce;
    private readonly Dictionary<string, string> _names = [];

    protected override async Task OnInitializedAsync()
    {
        _me = await AuthState.ActorAsync();
        _zone = await Time.ZoneAsync();
        foreach (var person in await Directory.GetPeopleAsync())
        {
            _names[person.Id] = person.DisplayName;
        }

        await ReloadAsync();
        _subscription = Notifier.Subscribe(change =>
        {
            if (change.ReloadAll || change.RecipientIds.Contains(_me) || change.MessageId.Value == _selected?.Id)
            {
                _ = InvokeAsync(async () =>
                {
                    await ReloadAsync();
                    StateHasChanged();
                });
            }
        });
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _notifications = await JS.InvokeAsync<string>("escalationNotify.permission");
            StateHasChanged();
        }
    }

    private async Task EnableNotificationsAsync() => _notifications = await JS.InvokeAsync<string>("escalationNotify.enable");

    private async Task ReloadAsync()
    {
        _items = await InboxReads.InboxAsync(_me);
        var arrived = _items.Where(i => i.State == MessageState.Open && i.IAmCurrentRecipient && !_known.Contains(i.Id)).ToList();
        if (_loadedOnce && arrived.Count > 0 && _notifications == "granted")
        {
            // Tier only: a desktop notification may be read by anyone passing the screen.
            await JS.InvokeVoidAsync("escalationNotify.show", $"{arrived.Min(i => i.Tier)} message waiting", "Open the inbox to read and acknowledge it.");
        }

        _known = _items.Select(i => i.Id).ToHashSet();
        _loadedOnce = true;
        _openCount = _items.Count(i => i.State == MessageState.Open && i.IAmCurrentRecipient);
        if (_selected is not null)
        {
            _selected = await Messages.GetAsync(new MessageId(_selected.Id));
            _thread = _selected is null ? [] : await Replies.ThreadAsync(new MessageId(_selected.Id));
        }
    }

    /// <summary>Opening records a read; it never acknowledges, and the escalation carries on.</summary>
    private async Task OpenAsync(Guid id)
    {
        _error = null;
        _note = null;
        var item = _items.FirstOrDefault(i => i.Id == id);
        if (item is null)
        {
            return;
        }

        if (item.ReadByMeAt is null)
        {
            await Engine.ReadAsync(new MessageId(id), await Access.CallerAsync(_me));
        }

        _selected = await Messages.GetAsync(new MessageId(id));
        await ReloadAsync();
    }

    private async Task ReplyAsync()
    {
        var result = await Replies.ReplyAsync(new MessageId(_selected!.Id), await Access.CallerAsync(_me), _reply ?? string.Empty);
        _error = result.Succeeded ? null : result.Error;
        _reply = result.Succeeded ? null : _reply;
        await ReloadAsync();
    }

    private Task AcknowledgeSelectedAsync() => AcknowledgeAsync(_selected!.Id);

    /// <summary>From the open message or straight from its row in the list: the engine decides whether this person may.</summary>
    private async Task AcknowledgeAsync(Guid id)
    {
        var result = await Engine.AcknowledgeAsync(new MessageId(id), await Access.CallerAsync(_me));
        _error = result.Succeeded ? null : result.Error;
        if (result.Succeeded && _selected?.Id != id)
        {
            // Acknowledged from the list: show what happened to it, so the close form is one step away.
            _selected = await Messages.GetAsync(new MessageId(id));
        }

        await ReloadAsync();
    }

    private async Task CloseAsync()
    {
        var result = await Engine.CloseAsync(new MessageId(_selected!.Id), await Access.CallerAsync(_me), _outcome, _note);
        _error = result.Succeeded ? null : result.Error;
        await ReloadAsync();
    }

    private bool IsMine(MessageView message) => _items.Any(i => i.Id == message.Id && i.IAmCurrentRecipient);

    /// <summary>The person who sent it, or the integration (EHR, answering service) for a message that came in by API key.</summary>
    private string Sender(MessageView message) =>
        message.CreatedBy.StartsWith("apikey:", StringComparison.Ordinal) ? $"{message.Source} integration" : Name(message.CreatedBy);

    private string Name(string actor) => _names.GetValueOrDefault(actor, actor);

    public void Dispose() => _subscription?.Dispose();
}
