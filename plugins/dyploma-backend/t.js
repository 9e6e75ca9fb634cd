const knex=require('knex')({client:'better-sqlite3',connection:':memory:',useNullAsDefault:true});
(async()=>{await knex.migrate.latest({directory:process.argv[2]});
console.log(await knex.raw("select sql from sqlite_master"));})();
