package io.paynotify.auth;

/** A verified user token: whose it is and when it stops being valid (epoch seconds). */
public record AuthUser(String userId, long expiresAt) { }
