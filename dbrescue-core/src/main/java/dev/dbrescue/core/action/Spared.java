package dev.dbrescue.core.action;

import dev.dbrescue.core.model.Session;

/** A session the policy matched but that dbrescue leaves alone, and why (a system thread, a privileged account, ...). */
public record Spared(Session session, String why) {
}
