using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Erhvervsdialog.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyUnitsAndAnswerLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "UnitIds",
                table: "ApiClients",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // A follow-up from a survey answer used to copy the company's comment into its description, where every
            // member of the unit could read it. It now links to the answer (SurveyResponseId); the copies are removed,
            // keeping the first line and the last ("Må kontaktes: Ja/Nej"). Only SQLite databases can hold such copies.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""
                    UPDATE FollowUps
                    SET Description = substr(Description, 1, instr(Description, char(10) || 'Kommentar: ') - 1)
                        || CASE WHEN Description LIKE '%' || char(10) || 'Må kontaktes: Ja' THEN char(10) || 'Må kontaktes: Ja'
                                ELSE char(10) || 'Må kontaktes: Nej' END
                    WHERE SurveyResponseId IS NOT NULL AND instr(Description, char(10) || 'Kommentar: ') > 0;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UnitIds",
                table: "ApiClients");
        }
    }
}
