import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';
import { AuthEventType } from '../auth-event-type.enum.js';

/** One security event of a user. Never holds a token or a password. */
@Entity('auth_events')
@Index('idx_auth_events_user', ['userId', 'id'])
export class AuthEvent {
  /** Increasing, so it orders events even when several share a millisecond. */
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_events_user' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  type: AuthEventType;

  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId: string | null;

  @Column({ name: 'device_name', type: 'varchar', length: 100, nullable: true })
  deviceName: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Index('idx_auth_events_time')
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
