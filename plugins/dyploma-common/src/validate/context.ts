import type { PlatformDefaults } from '../model/defaults';

/** What the platform knows that a model is checked against. */
export interface ValidationContext {
  /** Parsed `dyploma.defaults` from app-config. */
  defaults?: PlatformDefaults;
  /** Image repository prefixes allowed (`dyploma.allowedRegistries`); empty allows all. */
  allowedRegistries?: readonly string[];
  /**
   * Environments the platform runs, with their clusters when known. When
   * given, unknown environment and cluster names in a model are errors.
   */
  environments?: Readonly<Record<string, { clusters?: readonly string[] }>>;
  /** Where the model sits; prefixes every path. Default `spec.dyploma`. */
  pathPrefix?: string;
}
