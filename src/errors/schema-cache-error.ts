// PGRST2xx: the request names something the schema cache does not have, or has more than once
// (PostgREST: Error.hs, SchemaCacheError). Hints come from the fuzzy "did you mean" search.

import { PgrstError } from './pgrst-error.ts';

export class SchemaCacheError extends PgrstError {
  static noRelationship(
    parent: string,
    child: string,
    hint: string | undefined,
    schema: string,
    suggestion: string | null,
  ): SchemaCacheError {
    const using = hint === undefined ? '' : `' using the hint '${hint}`;
    return new SchemaCacheError(
      'PGRST200',
      400,
      `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
      {
        details: `Searched for a foreign key relationship between '${parent}' and '${child}${using}' in the schema '${schema}', but no matches were found.`,
        hint: suggestion,
      },
    );
  }

  /** PGRST201: `details` lists each candidate, `candidates` are the `table!hint` forms. */
  static ambiguousRelationship(
    parent: string,
    child: string,
    details: ReadonlyArray<unknown>,
    candidates: ReadonlyArray<string>,
  ): SchemaCacheError {
    return new SchemaCacheError(
      'PGRST201',
      300,
      `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
      {
        details,
        hint: `Try changing '${child}' to one of the following: ${candidates.map((c) => `'${c}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
      },
    );
  }

  static noRoutine(message: string, details: string, hint: string | null): SchemaCacheError {
    return new SchemaCacheError('PGRST202', 404, message, { details, hint });
  }

  static ambiguousRoutine(signatures: ReadonlyArray<string>): SchemaCacheError {
    return new SchemaCacheError(
      'PGRST203',
      300,
      `Could not choose the best candidate function between: ${signatures.join(', ')}`,
      {
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      },
    );
  }

  static columnNotFound(relation: string, column: string): SchemaCacheError {
    return new SchemaCacheError(
      'PGRST204',
      400,
      `Could not find the '${column}' column of '${relation}' in the schema cache`,
    );
  }

  /** @param hint the "Perhaps you meant the table …" text from schema-cache/hints.ts, if any. */
  static tableNotFound(schema: string, name: string, hint: string | null): SchemaCacheError {
    return new SchemaCacheError('PGRST205', 404, `Could not find the table '${schema}.${name}' in the schema cache`, {
      hint,
    });
  }
}
