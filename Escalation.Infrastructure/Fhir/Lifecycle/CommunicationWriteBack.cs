using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Notices;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>What one sweep did.</summary>
public sealed record WriteBackRun(int Written, int Delivered, int Retrying, int Failed);

/// <summary>
/// Writes a FHIR Communication back for every acknowledgment and every close of a message that came from a FHIR
/// Observation, and POSTs it to the source's FHIR base when it has one. Nothing here runs inside the engine's step:
/// each Communication is derived afterwards from committed message state, so a crash between the ACK and the
/// write-back only delays it to the next sweep, and the unique (message, kind) index keeps it single whichever node
/// or retry derives it. POSTs are retried with growing waits on 5xx, 408, 429, timeouts and network failures; a
/// refusal or the last failed attempt marks it failed, audited, and administrators are told.
/// </summary>
public sealed class CommunicationWriteBack(
    IDbContextFactory<EscalationDbContext> contexts,
    TimeProvider clock,
    FhirIntakeOptions sources,
    FhirWriteBackOptions options,
    IHttpClientFactory http,
    NoticeBoard notices,
    LabResultLifecycle lifecycle,
    ILogger<CommunicationWriteBack> logger)
{
    public const string Actor = "system:fhir-writeback";
    private const int Batch = 100;

    /// <summary>One pass: derive what is due, POST what is due, and tell holders a crash left untold.</summary>
    public async Task<WriteBackRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var written = await WriteDueAsync(cancellationToken);
        var (delivered, retrying, failed) = await DeliverDueAsync(cancellationToken);
        await lifecycle.TellUntoldHoldersAsync(cancellationToken);
        return new WriteBackRun(written, delivered, retrying, failed);
    }

    private async Task<int> WriteDueAsync(CancellationToken cancellationToken)
    {
        List<Message> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var communications = db.Set<LabCommunication>();
            due = await db.Messages.AsNoTracking().Include(m => m.Deliveries)
                .Where(m => m.Source == MessageSource.Ehr && m.ExternalId != null && m.ExternalId.StartsWith("Observation/")
                    && ((m.AcknowledgedAt != null && !communications.Any(c => c.MessageId == m.Id && c.Kind == CommunicationKind.Acknowledged))
                        || (m.ClosedAt != null && !communications.Any(c => c.MessageId == m.Id && c.Kind == CommunicationKind.Closed))))
                .OrderBy(m => m.CreatedAt).Take(Batch).ToListAsync(cancellationToken);
        }

        var written = 0;
        foreach (var message in due)
        {
            foreach (var kind in new[] { CommunicationKind.Acknowledged, CommunicationKind.Closed })
            {
                if (await WriteAsync(message, kind, cancellationToken))
                {
                    written++;
                }
            }
        }

        return written;
    }

    private async Task<bool> WriteAsync(Message message, CommunicationKind kind, CancellationToken cancellationToken)
    {
        var (by, at) = kind == CommunicationKind.Acknowledged ? (message.AcknowledgedBy, message.AcknowledgedAt) : (message.ClosedBy, message.ClosedAt);
        if (by is null || at is null)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<LabCommunication>().AnyAsync(c => c.MessageId == message.Id && c.Kind == kind, cancellationToken))
        {
            return false;
        }

        var about = message.ExternalId!.Split("/_history/")[0];
        var record = await db.Set<LabResultRecord>().AsNoTracking().Where(r => r.MessageId == message.Id.Value
            && (r.Outcome == LabResultOutcome.Sent || r.Outcome == LabResultOutcome.AmendedWorse)).FirstOrDefaultAsync(cancellationToken);
        var source = record?.SourceName ?? await IntegrationSource.NameOfAsync(db, message.CreatedBy, cancellationToken);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == by).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? by;
        var firstDelivered = message.Deliveries.Count == 0 ? message.CreatedAt : message.Deliveries.Min(d => d.DeliveredAt);
        var id = Guid.NewGuid();
        var when = at.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        // The payload names the people and times only: the patient is the subject reference, nothing more.
        var text = kind == CommunicationKind.Acknowledged
            ? $"{message.Tier} result acknowledged by {name} at {when}{(message.AcknowledgedOnBehalf ? " on behalf of the unit" : "")}."
            : $"{message.Tier} result message closed by {name} at {when}: {Words(message.Outcome)}.";
        var draft = new CommunicationDraft(about, null, [], firstDelivered, message.AcknowledgedAt ?? at, text)
        {
            Id = id.ToString(),
            Subject = record?.PatientReference,
            SenderDisplay = name,
            RecipientDisplay = source,
            Identifier = ("urn:ietf:rfc:3986", $"urn:uuid:{id}"),
            BasedOn = record?.BasedOn?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
        };
        var hasBase = sources.Source(source)?.BaseUrl is not null;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(new LabCommunication(id, message.Id, kind, source, about, FhirWriter.CommunicationJson(draft), hasBase, now));
        AuditWriter.Append(db, [new AuditRecord(now, Actor, "CommunicationWritten", message.Id.Value, message.CurrentLayer,
            Detail: $"Communication {id} ({kind.ToString().ToLowerInvariant()}) about {about} for {source}{(hasBase ? ", to be sent to its FHIR server" : "")}")]);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node wrote this one first: the unique (message, kind) index kept it single.
            await transaction.RollbackAsync(CancellationToken.None);
            return false;
        }
    }

    private async Task<(int Delivered, int Retrying, int Failed)> DeliverDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        var now = clock.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Set<LabCommunication>().AsNoTracking()
                .Where(c => c.State == WriteBackState.Pending && c.NextAttemptAt != null && c.NextAttemptAt <= now)
                .OrderBy(c => c.NextAttemptAt).Select(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        var (delivered, retrying, failed) = (0, 0, 0);
        foreach (var id in due)
        {
            switch (await DeliverAsync(id, cancellationToken))
            {
                case WriteBackState.Delivered:
                    delivered++;
                    break;
                case WriteBackState.Pending:
                    retrying++;
                    break;
                case WriteBackState.Failed:
                    failed++;
                    break;
            }
        }

        return (delivered, retrying, failed);
    }

    /// <summary>One attempt at one Communication, or nothing when another sweep claimed it first.</summary>
    private async Task<WriteBackState?> DeliverAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var communication = await db.Set<LabCommunication>().SingleAsync(c => c.Id == id, cancellationToken);
        var now = clock.GetUtcNow();
        if (communication.State != WriteBackState.Pending || communication.NextAttemptAt > now)
        {
            return null;
        }

        communication.Claim(now + options.ClaimLease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        var (ok, retryable, error) = await PostAsync(communication, cancellationToken);
        now = clock.GetUtcNow();
        var gaveUp = false;
        if (ok)
        {
            communication.Delivered(now);
        }
        else
        {
            Telemetry.EscalationTelemetry.IntegrationError("fhir-write-back");
            gaveUp = communication.AttemptFailed(error, retryable, options.MaxAttempts, options.FirstRetryDelay, options.MaxRetryDelay, now);
            logger.LogWarning("Communication {Id} to {Source}: attempt {Attempt} failed ({Error}){Outcome}", id, communication.SourceName, communication.Attempts, error,
                gaveUp ? "; given up" : "; will retry");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (gaveUp)
            {
                AuditWriter.Append(db, [new AuditRecord(now, Actor, "CommunicationWriteBackFailed", communication.MessageId.Value,
                    Detail: $"Communication {id} about {communication.About} could not be sent to {communication.SourceName} after {communication.Attempts} attempt(s): {communication.LastError}")]);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (gaveUp)
        {
            await notices.SendToAdministratorsAsync("fhir-writeback", $"A FHIR Communication could not be sent to {communication.SourceName}",
                $"The Communication about {communication.About} (message {communication.MessageId.Value}, {communication.Kind.ToString().ToLowerInvariant()}) was not accepted after {communication.Attempts} attempt(s): {communication.LastError}. It stays readable at GET /fhir/Communication?about={communication.About}.",
                $"/messages/{communication.MessageId.Value}", $"fhir-writeback-failed:{id}", cancellationToken);
        }

        return communication.State;
    }

    /// <summary>
    /// POSTs to {base}/Communication as a conditional create on the Communication's own identifier, so a resend after
    /// a crash mid-POST is recognised by a server that supports it rather than stored twice.
    /// </summary>
    private async Task<(bool Ok, bool Retryable, string Error)> PostAsync(LabCommunication communication, CancellationToken cancellationToken)
    {
        var source = sources.Source(communication.SourceName);
        if (source?.BaseUrl is not { } baseUrl)
        {
            return (false, false, "the source no longer has a FHIR BaseUrl configured");
        }

        var target = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/Communication");
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(communication.ResourceJson, Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        request.Headers.TryAddWithoutValidation("If-None-Exist", $"identifier=urn:ietf:rfc:3986|urn:uuid:{communication.Id}");
        if (!string.IsNullOrEmpty(source.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", source.BearerToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var client = http.CreateClient(FhirWriteBackOptions.HttpClientName);
            using var response = await client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return (true, false, "");
            }

            var status = (int)response.StatusCode;
            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (false, retryable, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, true, $"no answer within {options.RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException exception)
        {
            // The message only: it names the host, never the token.
            return (false, true, exception.Message);
        }
    }

    private static string Words(CloseOutcome? outcome) => outcome switch
    {
        CloseOutcome.ActionTaken => "action taken",
        CloseOutcome.NoActionNeeded => "no action needed",
        CloseOutcome.WrongRecipient => "wrong recipient",
        _ => "closed",
    };
}
