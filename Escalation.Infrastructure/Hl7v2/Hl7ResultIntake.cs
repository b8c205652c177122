using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.LabResults;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// Takes one HL7 v2 message from the listener's source and answers it (docs/decisions/028). An ORU^R01 is read into
/// the same results the FHIR intake judges, judged by the same detector against the site's limits, routed by its
/// ordering providers through the same routing table, and handed to the same lifecycle: every OBX is recorded under
/// (source, filler order/code/sub-id, MSH-10), so the same control id twice creates nothing new and a corrected
/// result that is worse pages again. Every message is audited, taken or refused, as the source.
/// </summary>
/// <remarks>
/// A failure of our own (the database gone) is not answered: it is thrown, the listener closes the connection
/// without an ACK, and the lab resends, as MLLP senders do when no ACK comes. An AE would tell the lab to stop.
/// </remarks>
public sealed class Hl7ResultIntake(
    EscalationEngine engine,
    FhirRouter router,
    LabResultLifecycle lifecycle,
    LabRules rules,
    IDbContextFactory<EscalationDbContext> contexts,
    TimeProvider clock,
    Hl7v2Options options,
    ILogger<Hl7ResultIntake> logger)
{
    public const string TakenKind = "Hl7v2MessageTaken";
    public const string RefusedKind = "Hl7v2MessageRefused";

    private static readonly HashSet<string> Versions = new(StringComparer.Ordinal) { "2.3", "2.3.1", "2.4", "2.5", "2.5.1" };

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    private string Source => options.SourceName.Trim();

    public async Task<Hl7Reply> ReceiveAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        Hl7Message? message = null;
        try
        {
            message = Hl7Parser.Parse(Hl7Text.Decode(frame.Span));
            CheckHeader(message);
            var results = Hl7ResultReader.Read(message, _zone);
            return await TakeAsync(message, results, cancellationToken);
        }
        catch (Hl7Exception exception)
        {
            return await RefuseAsync(message, exception.Error, cancellationToken);
        }
    }

    /// <summary>A frame longer than the limit: discarded unread but for its header, and refused.</summary>
    public Task<Hl7Reply> RefuseOversizedAsync(ReadOnlyMemory<byte> head, long length, CancellationToken cancellationToken = default)
    {
        Hl7Message? message = null;
        try
        {
            // The head is cut anywhere: only the MSH is trusted, and only to address the answer.
            var text = Hl7Text.Decode(head.Span);
            var headerEnd = text.IndexOfAny(['\r', '\n']);
            message = Hl7Parser.Parse(headerEnd < 0 ? text : text[..headerEnd]);
        }
        catch (Hl7Exception)
        {
        }

        var error = new Hl7Error(Hl7Error.Reject, Hl7Error.ApplicationInternalError, "MSH", 1, 0,
            $"The message is {length} bytes or more; this listener takes at most {options.MaxFrameBytes} (Hl7v2:MaxFrameBytes). Nothing was recorded.");
        return RefuseAsync(message, error, cancellationToken);
    }

    private void CheckHeader(Hl7Message message)
    {
        if (message.ControlId.Trim().Length == 0)
        {
            throw Reject(Hl7Error.RequiredFieldMissing, 10, "MSH-10, the message control id, is required: it is how a resend is recognised.");
        }

        if (!Versions.Contains(message.Version.Trim()))
        {
            throw Reject(Hl7Error.UnsupportedVersionId, 12, $"MSH-12 version '{message.Version}' is not taken here: 2.3, 2.3.1, 2.4, 2.5 and 2.5.1 are.");
        }

        if (message.MessageType != "ORU")
        {
            throw Reject(Hl7Error.UnsupportedMessageType, 9, $"Only ORU^R01 (unsolicited observation results) is taken here, not {message.MessageType}^{message.TriggerEvent}.");
        }

        if (message.TriggerEvent != "R01")
        {
            throw Reject(Hl7Error.UnsupportedEventCode, 9, $"Only ORU^R01 is taken here, not ORU^{message.TriggerEvent}.");
        }

        if (!string.Equals(message.ProcessingId.Trim(), options.ProcessingId, StringComparison.OrdinalIgnoreCase))
        {
            throw Reject(Hl7Error.UnsupportedProcessingId, 11, $"MSH-11 processing id '{message.ProcessingId}' is not taken here: only '{options.ProcessingId}', so no test message pages anybody.");
        }
    }

    private async Task<Hl7Reply> TakeAsync(Hl7Message message, IReadOnlyList<Hl7LabResult> results, CancellationToken cancellationToken)
    {
        // One reading of the site's table for the whole message, and every check before anything is recorded.
        var ruleSet = await rules.CurrentAsync(cancellationToken);
        foreach (var result in results.Where(r => LabResultIntake.IsCriticalWithoutAReportableStatus(r.Observation, ruleSet)))
        {
            throw new Hl7Exception(new Hl7Error(Hl7Error.Error, Hl7Error.TableValueNotFound, "OBX", result.Sequence, 11,
                $"A critical result with status {result.Observation.Status} can be neither paged nor set aside: send it as P, F or C, or withdraw it (X, D). Nothing was recorded."));
        }

        FhirRouting routing;
        try
        {
            routing = await router.ForSourceAsync(Source, new FhirSourceOptions { Name = Source, DefaultUnitCode = options.DefaultUnitCode }, cancellationToken);
        }
        catch (EngineException exception) when (exception.Code == "unknown-unit")
        {
            // The router's words name Fhir:Sources; this source's default is set elsewhere.
            throw new Hl7Exception(new Hl7Error(Hl7Error.Error, Hl7Error.ApplicationInternalError, "MSH", 1, 0,
                $"This listener has no unit to send results to: Hl7v2:DefaultUnitCode '{options.DefaultUnitCode}' (else Fhir:DefaultUnitCode) names no unit. Nothing was recorded."));
        }

        var controlId = message.ControlId.Trim();
        var outcomes = new List<LabIntakeOutcome>();
        foreach (var result in results)
        {
            var observation = result.Observation;
            var detection = CriticalResultDetector.Evaluate(observation, ruleSet.Limits, ruleSet.Policy);
            var route = routing.Route(result.OrderedBy);
            LabIntakeOutcome outcome;
            try
            {
                outcome = await lifecycle.HandleAsync(observation, result.Reference, detection, ruleSet.Limits, Source, Send, cancellationToken);
            }
            catch (EngineException exception)
            {
                // A refusal of the engine's (a unit without a ladder, say) is the same on every resend: answered, not
                // left to a resend loop. Results before this one are recorded and a resend finds them received.
                throw new Hl7Exception(new Hl7Error(Hl7Error.Error, Hl7Error.ApplicationInternalError, "OBX", result.Sequence, 0, exception.Message));
            }

            outcomes.Add(outcome);

            Task<SendResult> Send(LabAmendment? amends, CancellationToken ct)
            {
                var command = LabResultIntake.MessageFor(observation, detection, amends, route, ExternalId(result.Reference, controlId));
                if (result.Comments.Count > 0)
                {
                    // NTE comments (a haemolysed sample, a repeat requested) change how a clinician reads the value.
                    command = command with { Body = $"{command.Body}\nLab comment: {string.Join(" ", result.Comments)}" };
                }

                return engine.SendAsync(command, Source, ct);
            }
        }

        var created = outcomes.Where(o => o.Created && o.MessageId is not null).Select(o => o.MessageId!.Value).ToList();
        var repeats = outcomes.Count(o => o.Reason.Contains("already received", StringComparison.Ordinal));
        var summary = $"{results.Count} result(s), {created.Count} message(s) created{(repeats > 0 ? $", {repeats} already received" : "")}";
        await AuditAsync(new AuditRecord(clock.GetUtcNow(), Source, TakenKind, created.Count > 0 ? created[0] : null,
            Detail: $"ORU^R01 {controlId} (v{message.Version}) from {Source}: {summary}{(created.Count > 1 ? $" ({string.Join(", ", created)})" : "")}"), cancellationToken);
        logger.LogInformation("HL7 v2 message {ControlId} from {Source} taken: {Results} results, {Created} messages created", controlId, Source, results.Count, created.Count);
        return new Hl7Reply(Ack(message, Hl7Ack.Accept, summary, null), Hl7Ack.Accept, created.Count);
    }

    private async Task<Hl7Reply> RefuseAsync(Hl7Message? message, Hl7Error error, CancellationToken cancellationToken)
    {
        var controlId = message?.ControlId ?? "";
        var type = message is null ? "unreadable message" : $"{message.MessageType}^{message.TriggerEvent} {controlId}";
        await AuditAsync(new AuditRecord(clock.GetUtcNow(), Source, RefusedKind,
            Detail: $"{type} from {Source}: {error.AckCode} {error.Code} at {error.Location}: {error.Text}"), cancellationToken);
        // The error text names fields, never their contents: it is safe to log.
        logger.LogWarning("HL7 v2 message {ControlId} from {Source} refused: {Ack} {Code} at {Location}", controlId, Source, error.AckCode, error.Code, error.Location);
        return new Hl7Reply(Ack(message, error.AckCode, error.Text, error), error.AckCode, 0);
    }

    private string Ack(Hl7Message? message, string code, string text, Hl7Error? error) =>
        Hl7Ack.Build(message, code, text, error, clock.GetUtcNow(), options.ReceivingApplication, options.ReceivingFacility);

    private async Task AuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        AuditWriter.Append(db, [record]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The message's external id: unique per source, result and control id, within the column's 200 characters.</summary>
    private string ExternalId(string reference, string controlId)
    {
        var id = $"hl7v2:{Source}/{reference}/{controlId}";
        return id.Length <= 200 ? id : "hl7v2:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id))).ToLower(CultureInfo.InvariantCulture);
    }

    private static Hl7Exception Reject(string code, int field, string text) => new(new Hl7Error(Hl7Error.Reject, code, "MSH", 1, field, text));
}
