using Escalation.Domain.Common;
using Escalation.Domain.Ladders;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Ladders;

namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

/// <summary>
/// A ladder as it is being edited: layers that may not be valid yet (a timeout half typed), moved, added and removed
/// before anything is saved. It turns itself into the domain's layers on save and into the drawing's steps on every
/// keystroke, with the guidance of the tiers that climb it placed on the step it is about.
/// </summary>
public sealed class LadderDraft
{
    private readonly List<DraftLayer> _layers;

    private LadderDraft(List<DraftLayer> layers) => _layers = layers;

    public IReadOnlyList<DraftLayer> Layers => _layers;

    public bool CanAdd => _layers.Count < Ladder.MaxLayers;

    public bool CanRemove => _layers.Count > 1;

    public static LadderDraft From(IEnumerable<LayerView> layers) => new(layers.Select(l => new DraftLayer
    {
        Roles = l.Roles.ToList(),
        Minutes = Math.Round((decimal)l.TimeoutSeconds / 60, 2),
        Sms = l.Channels.Contains(Channels.Sms),
        Voice = l.Channels.Contains(Channels.Voice),
    }).ToList());

    /// <summary>The roles the layer's fallback tries, in order; each role named once.</summary>
    public IReadOnlyList<IReadOnlyList<ClinicalRoleKind>> RoleLists => _layers.Select(l => (IReadOnlyList<ClinicalRoleKind>)l.Roles.ToList()).ToList();

    public void Move(LadderMove move)
    {
        if (move.From == move.To || move.From < 0 || move.From >= _layers.Count || move.To < 0 || move.To >= _layers.Count)
        {
            return;
        }

        var layer = _layers[move.From];
        _layers.RemoveAt(move.From);
        _layers.Insert(move.To, layer);
    }

    public void Remove(int index)
    {
        if (CanRemove && index >= 0 && index < _layers.Count)
        {
            _layers.RemoveAt(index);
        }
    }

    /// <summary>A new top layer; the department head is where most ladders end.</summary>
    public void Add()
    {
        if (CanAdd)
        {
            _layers.Add(new DraftLayer { Roles = [ClinicalRoleKind.DepartmentHead], Minutes = 5 });
        }
    }

    /// <summary>
    /// A multi-select hands back a set: the roles kept stay in their fallback order and a newly chosen one is tried
    /// last, so ticking "On-call physician" after "Attending physician" reads "attending, else on-call".
    /// </summary>
    public void SetRoles(int index, IEnumerable<ClinicalRoleKind> chosen)
    {
        var set = chosen.ToHashSet();
        var layer = _layers[index];
        layer.Roles = layer.Roles.Where(set.Contains).Concat(set.Where(r => !layer.Roles.Contains(r)).Order()).ToList();
    }

    public bool TryBuild(out IReadOnlyList<Layer> layers, out string error)
    {
        try
        {
            layers = _layers.Select(l => new Layer(l.Roles, l.Timeout, l.Channels)).ToList();
            error = string.Empty;
            return true;
        }
        catch (DomainException exception)
        {
            layers = [];
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The steps to draw: who each would reach (when known) and the guidance of <paramref name="tiers"/> on its step.</summary>
    public IReadOnlyList<LadderStep> Steps(IReadOnlyList<LayerReceivers>? receivers, IEnumerable<Tier> tiers)
    {
        var guidance = TryBuild(out var layers, out _) ? LadderGuidance.PerLayer(tiers, layers) : null;
        return _layers.Select((l, i) => new LadderStep(l.Roles.ToList(), l.Timeout, l.Channels,
            receivers is not null && i < receivers.Count ? receivers[i] : null,
            guidance?[i] ?? [])).ToList();
    }

    public sealed class DraftLayer
    {
        public List<ClinicalRoleKind> Roles { get; set; } = [];

        public decimal Minutes { get; set; }

        public bool Sms { get; set; }

        public bool Voice { get; set; }

        /// <summary>Whole seconds, as the domain stores them; a negative entry is kept negative so the domain refuses it.</summary>
        public TimeSpan Timeout => TimeSpan.FromSeconds((double)Math.Round(Minutes * 60));

        public Channels Channels => Channels.Inbox | (Sms ? Channels.Sms : Channels.None) | (Voice ? Channels.Voice : Channels.None);
    }
}
