using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Erhvervsdialog.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CompanySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE CompanySearch USING fts5(Name, Cvr, PNumbers, Address, tokenize = "unicode61 remove_diacritics 0", prefix = '2 3');

                CREATE TRIGGER CompanySearch_CompanyInsert AFTER INSERT ON Companies BEGIN
                    INSERT INTO CompanySearch(rowid, Name, Cvr, PNumbers, Address)
                    VALUES (new.Id, new.Name, new.Cvr, '', concat_ws(' ', new.Address, new.PostalCode, new.City));
                END;

                CREATE TRIGGER CompanySearch_CompanyUpdate AFTER UPDATE OF Name, Cvr, Address, PostalCode, City ON Companies BEGIN
                    UPDATE CompanySearch SET Name = new.Name, Cvr = new.Cvr,
                        Address = concat_ws(' ', new.Address, new.PostalCode, new.City)
                    WHERE rowid = new.Id;
                END;

                CREATE TRIGGER CompanySearch_CompanyDelete AFTER DELETE ON Companies BEGIN
                    DELETE FROM CompanySearch WHERE rowid = old.Id;
                END;

                CREATE TRIGGER CompanySearch_UnitInsert AFTER INSERT ON ProductionUnits BEGIN
                    UPDATE CompanySearch SET PNumbers = (SELECT group_concat(PNumber, ' ') FROM ProductionUnits WHERE CompanyId = new.CompanyId)
                    WHERE rowid = new.CompanyId;
                END;

                CREATE TRIGGER CompanySearch_UnitUpdate AFTER UPDATE OF PNumber ON ProductionUnits BEGIN
                    UPDATE CompanySearch SET PNumbers = (SELECT group_concat(PNumber, ' ') FROM ProductionUnits WHERE CompanyId = new.CompanyId)
                    WHERE rowid = new.CompanyId;
                END;

                CREATE TRIGGER CompanySearch_UnitDelete AFTER DELETE ON ProductionUnits BEGIN
                    UPDATE CompanySearch SET PNumbers = coalesce((SELECT group_concat(PNumber, ' ') FROM ProductionUnits WHERE CompanyId = old.CompanyId), '')
                    WHERE rowid = old.CompanyId;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO CompanySearch(rowid, Name, Cvr, PNumbers, Address)
                SELECT c.Id, c.Name, c.Cvr,
                    coalesce((SELECT group_concat(PNumber, ' ') FROM ProductionUnits WHERE CompanyId = c.Id), ''),
                    concat_ws(' ', c.Address, c.PostalCode, c.City)
                FROM Companies c;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS CompanySearch_UnitDelete;
                DROP TRIGGER IF EXISTS CompanySearch_UnitUpdate;
                DROP TRIGGER IF EXISTS CompanySearch_UnitInsert;
                DROP TRIGGER IF EXISTS CompanySearch_CompanyDelete;
                DROP TRIGGER IF EXISTS CompanySearch_CompanyUpdate;
                DROP TRIGGER IF EXISTS CompanySearch_CompanyInsert;
                DROP TABLE IF EXISTS CompanySearch;
                """);
        }
    }
}
