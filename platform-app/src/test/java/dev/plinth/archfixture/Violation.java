package dev.plinth.archfixture;

import dev.plinth.core.tenancy.CurrentTenant;

/** A vertical-like class that reaches into the core: the architecture rule must reject it. */
public class Violation {
  CurrentTenant tenant;
}
