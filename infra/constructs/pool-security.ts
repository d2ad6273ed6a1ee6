/**
 * The sign-in security settings every tenant's user pool gets (passed to
 * `TenantUserPool`): a strong password policy, optional TOTP MFA for password
 * users (federated users do MFA at their IdP; requiring it would lock out a
 * break-glass admin who has not enrolled yet), and, when the deployment buys it,
 * Cognito's threat protection (the Plus feature plan) in full-function mode.
 */
import { Duration } from 'aws-cdk-lib';
import { FeaturePlan, Mfa, StandardThreatProtectionMode, type UserPoolProps } from 'aws-cdk-lib/aws-cognito';

export interface PoolSecurity {
  /**
   * Cognito threat protection (compromised credentials, adaptive authentication):
   * needs the Plus plan, priced per monthly active user. Off by default.
   */
  threatProtection?: boolean;
}

/** NIST 800-63B favours length over composition; 12 with mixed classes meets AwsSolutions-COG1 too. */
export const PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
} as const;

/** The UserPool properties for `security`. */
export function poolSecurityProps(
  security: PoolSecurity = {},
): Pick<UserPoolProps, 'passwordPolicy' | 'mfa' | 'mfaSecondFactor' | 'featurePlan' | 'standardThreatProtectionMode'> {
  return {
    passwordPolicy: { ...PASSWORD_POLICY },
    mfa: Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    // Essentials is the least a pool may have: the V2 pre-token-generation event needs it.
    featurePlan: security.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
    ...(security.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
  };
}
