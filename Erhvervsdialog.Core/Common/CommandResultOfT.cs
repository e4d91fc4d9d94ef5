namespace Erhvervsdialog.Core.Common;

/// <summary>Like <see cref="CommandResult"/>, for rows whose key is not an int (Identity users).</summary>
public sealed record CommandResult<TId>(TId? Id, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static CommandResult<TId> Ok(TId id) => new(id, new Dictionary<string, string>());
    public static CommandResult<TId> Invalid(IReadOnlyDictionary<string, string> errors) => new(default, errors);
}
