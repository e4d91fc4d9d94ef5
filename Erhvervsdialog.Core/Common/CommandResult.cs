namespace Erhvervsdialog.Core.Common;

/// <summary>
/// The outcome of a use case that changes data: either it succeeded (with the id of the row), or nothing was saved and
/// <see cref="Errors"/> says which field was wrong and why, in Danish. A concurrency conflict is reported under
/// <see cref="ConflictKey"/>.
/// </summary>
public sealed record CommandResult(int Id, IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>An existing record the error refers to, e.g. the company that already has this CVR number.</summary>
    public int? RelatedId { get; init; }

    public const string ConflictKey = "";

    public bool Succeeded => Errors.Count == 0;
    public bool IsConflict => Errors.ContainsKey(ConflictKey);

    public static CommandResult Ok(int id) => new(id, new Dictionary<string, string>());
    public static CommandResult Invalid(IReadOnlyDictionary<string, string> errors) => new(0, errors);
    public static CommandResult Conflict(string message) => new(0, new Dictionary<string, string> { [ConflictKey] = message });
}
