using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Webhooks.Security;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>
/// <c>POST /sd/add/&lt;game&gt;</c>, SpaceDock's "add to CKAN" form: one <c>AddMod</c> on the adding queue, whose body is the
/// form as JSON (first value per field) plus <c>all_authors</c>, one object per author from the repeated author fields.
/// </summary>
public sealed class SpaceDockAddHook(WebhookGate gate, ContractSender sender, ILogger<SpaceDockAddHook> logger)
{
    /// <summary>The per-author fields SpaceDock repeats once per author, in the original's order.</summary>
    public static readonly string[] AuthorFields = ["username", "user_github", "user_forum_id", "user_forum_username", "email", "user_url"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await gate.AdmitAsync(context, WebhookGroup.SpaceDock);
        var form = await request.FormAsync(context.RequestAborted);
        var name = form.Required("name");
        form.Required("id"); // the Adder builds $kref #/ckan/spacedock/<id> from it
        var body = RequestJson(form);
        await sender.SendAsync(new AddMod(request.Game, body), context.RequestAborted);
        logger.LogInformation("SpaceDock asked to add {Name} ({Game}); queued for the Adder", name, request.Game);
        return Results.NoContent();
    }

    /// <summary>The Adding queue body, built as the original: form fields, then <c>all_authors</c> zipped longest (missing → null).</summary>
    public static string RequestJson(WebhookForm form)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            foreach (var key in form.Pairs.Select(x => x.Key).Where(x => x != "all_authors").Distinct(StringComparer.Ordinal))
            {
                json.WriteString(key, form.First(key));
            }
            var columns = AuthorFields.Select(form.All).ToArray();
            var authors = columns.Max(x => x.Count);
            json.WriteStartArray("all_authors");
            for (var i = 0; i < authors; i++)
            {
                json.WriteStartObject();
                for (var f = 0; f < AuthorFields.Length; f++)
                {
                    if (i < columns[f].Count)
                    {
                        json.WriteString(AuthorFields[f], columns[f][i]);
                    }
                    else
                    {
                        json.WriteNull(AuthorFields[f]);
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
