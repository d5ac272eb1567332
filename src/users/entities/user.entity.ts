import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '../../identity/role.enum.js';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Stored lower-case; uniqueness is therefore case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100, nullable: true })
  displayName: string | null;

  @Column({ name: 'jwt_version', type: 'int', default: 0 })
  jwtVersion: number;

  @Column({ type: 'varchar', length: 16, default: Role.User })
  role: Role;

  /** Set while an administrator has disabled the account: it cannot sign in and holds no live token. */
  @Column({ name: 'disabled_at', type: 'datetime', precision: 3, nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
