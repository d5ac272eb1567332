// "The usual NestJS guard from tutorials", on the same bare app: passport-jwt with a string secret and
// a database lookup of the user's token version on every request (TypeORM, SQLite in memory).
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Req, UnauthorizedException } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import jwt from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Column, DataSource, Entity, PrimaryColumn, Repository } from 'typeorm';

const SECRET = 'tutorial-secret-that-is-long-enough-0123456789';

@Entity('users')
class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;
}

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: SECRET, ignoreExpiration: false });
  }

  async validate(payload: { sub: string; ver: number }) {
    const user = await this.users.findOneBy({ id: payload.sub });
    if (!user || user.tokenVersion !== payload.ver) throw new UnauthorizedException();
    return { userId: user.id };
  }
}

@Controller()
class MeController {
  @Get('me')
  me(@Req() request: { user: unknown }) {
    return request.user;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: [User], synchronize: true }),
    TypeOrmModule.forFeature([User]),
    PassportModule,
  ],
  controllers: [MeController],
  providers: [JwtStrategy, { provide: APP_GUARD, useClass: AuthGuard('jwt') }],
})
class TutorialModule {}

const app = await NestFactory.create<NestFastifyApplication>(TutorialModule, new FastifyAdapter(), { logger: false });
await app.get(DataSource).getRepository(User).insert({ id: 'user-1', tokenVersion: 0 });
await app.listen(Number(process.env.PORT), '127.0.0.1');
console.log(`token ${jwt.sign({ sub: 'user-1', ver: 0 }, SECRET, { expiresIn: '1h' })}`);
