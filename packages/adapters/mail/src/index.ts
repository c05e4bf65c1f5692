/**
 * @module @fisco/mail
 * MailAlert over SMTP: a `Mailer` built on nodemailer, with typed errors that never carry the
 * password, and `sendDigest`, which mails a distribution list its digest of devices in alarm.
 */
export * from "./smtp-config.js"
export * from "./smtp-mailer.js"
export * from "./send-digest.js"
